// API clients that act as a namespace's runner ServiceAccount: every request impersonates it and honours a signal.
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  Observable,
  setHeaderMiddleware,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { VERSION } from '../version.ts';
import { withDryRun, type WriteRecorder } from './dry-run.ts';
import { createGetJson, createRawRequest, type GetJson, type RawRequest } from './raw-request.ts';
import { createClientConfiguration } from './shared-connection.ts';

export interface RunnerIdentity {
  /** The namespace the action runs in; the runner ServiceAccount lives there. */
  readonly namespace: string;
  /** The ServiceAccount name, `kubetalk-runner` by default. */
  readonly runnerName: string;
}

export interface RunnerClientOptions {
  /** Aborts every request made through the clients (action timeout, shutdown). */
  readonly signal?: AbortSignal | undefined;
  /** Upper bound for one request, so a hung connection cannot hold an action forever. */
  readonly callTimeoutMs?: number | undefined;
  /** Set: every write is a dry run (`dryRun=All`) and the object it would store is passed here. */
  readonly dryRun?: WriteRecorder | undefined;
}

export interface RunnerClients {
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly batch: BatchV1Api;
  /** Raw reads for objects that are copied back into a write, so no field is lost on the way. */
  readonly getJson: GetJson;
  /** Raw writes of objects built from such reads (a Job from a CronJob's template). */
  readonly request: RawRequest;
  /** The user name the API server sees, e.g. `system:serviceaccount:shop:kubetalk-runner`. */
  readonly user: string;
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export function formatRunnerUser(id: RunnerIdentity): string {
  return `system:serviceaccount:${id.namespace}:${id.runnerName}`;
}

/**
 * Builds clients whose requests carry `Impersonate-User` for the runner. The header is set by a middleware on the
 * client configuration rather than per call, so no call can forget it; the kubeconfig's own credentials (the
 * controller's) authenticate the request and the API server authorizes it as the runner.
 */
export function createRunnerClients(
  kc: KubeConfig,
  id: RunnerIdentity,
  opts: RunnerClientOptions = {},
): RunnerClients {
  const user = formatRunnerUser(id);
  const middleware: ObservableMiddleware[] = [
    setHeaderMiddleware('User-Agent', `kubetalk/${VERSION}`),
    setHeaderMiddleware('Impersonate-User', user),
    createSignalMiddleware(opts.signal, opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS),
  ];
  const plain = createClientConfiguration(kc, middleware);
  const config = opts.dryRun ? withDryRun(plain, opts.dryRun) : plain;
  return {
    apps: new AppsV1Api(config),
    core: new CoreV1Api(config),
    batch: new BatchV1Api(config),
    getJson: createGetJson(config),
    request: createRawRequest(config),
    user,
  };
}

/**
 * Gives every request its own AbortSignal: the caller's signal combined with a fresh per-call timeout. client-node
 * 2.x passes `RequestContext.getSignal()` to fetch, which aborts both the request and the reading of its body.
 */
export function createSignalMiddleware(
  signal: AbortSignal | undefined,
  callTimeoutMs: number,
): ObservableMiddleware {
  return {
    pre(ctx: RequestContext): Observable<RequestContext> {
      const timeout = AbortSignal.timeout(callTimeoutMs);
      ctx.setSignal(signal ? AbortSignal.any([signal, timeout]) : timeout);
      return new Observable(Promise.resolve(ctx));
    },
    post(res: ResponseContext): Observable<ResponseContext> {
      return new Observable(Promise.resolve(res));
    },
  };
}
