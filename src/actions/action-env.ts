// What every action gets to work with: the runner's clients, the request context, a clock, and shared steps.
import type { AppsV1Api, BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { GetJson, RawRequest } from '../kube/raw-request.ts';
import type { ActionContext, ActionOutcome } from './types.ts';
import type { Workload } from './workloads.ts';

export interface ActionEnv {
  /** Clients that impersonate the namespace's runner and honour `ctx.signal`. */
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly batch: BatchV1Api;
  /** Raw writes (JSON sent as written); same identity and signal as the typed clients. */
  readonly request: RawRequest;
  /** Raw reads (`/apis/...` paths) for objects copied back into a write, so fields client-node lacks survive. */
  readonly getJson: GetJson;
  readonly ctx: ActionContext;
  readonly now: () => Date;
  /** Reads the target; refuses it (`action.selector-mismatch`) when `ctx.selector` does not match its labels. */
  readonly readTarget: () => Promise<Workload>;
  /** Polls the target's rollout until done, failed or `timeoutSeconds` passed; never rejects. */
  readonly followRollout: (timeoutSeconds: number) => Promise<ActionOutcome>;
  /** Polls a Job until it succeeds, fails or `timeoutSeconds` passed; never rejects. */
  readonly followJob: (job: string, opts: FollowJobOptions) => Promise<ActionOutcome>;
}

export interface FollowJobOptions {
  readonly timeoutSeconds: number;
  readonly logTailLines: number;
  readonly logMaxBytes: number;
}
