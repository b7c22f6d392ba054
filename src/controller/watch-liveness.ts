// Watch liveness: bounds every watch in time and records when the API server last proved it is talking to us, so a
// watch that hangs (connection open, no events, no error) is restarted and reported instead of trusted forever.
import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** Why a watch connection was replaced: the server's deadline passed silently, or ours did on a streaming watch. */
export type WatchRestartReason = 'silent' | 'deadline';

export interface LivenessTimings {
  /** Server-side `timeoutSeconds` of every watch: a healthy watch ends (and is re-opened) at least this often. */
  readonly watchTimeoutMs: number;
  /** Slack on top of it before the client gives up on a connection. */
  readonly graceMs: number;
  /** No word from the API server for this long, although the informer synced once: the watch is hung. */
  readonly hungAfterMs: number;
}

/** Derives the client-side deadlines from the server-side watch timeout (one setting drives all three). */
export function livenessTimings(watchTimeoutSeconds: number): LivenessTimings {
  const watchTimeoutMs = watchTimeoutSeconds * 1000;
  const graceMs = Math.max(5000, watchTimeoutMs / 4);
  // Ended or dropped at timeout + grace, re-opened after at most RECONNECT_CAP_MS: anything longer is a hang.
  return { watchTimeoutMs, graceMs, hungAfterMs: watchTimeoutMs + 2 * graceMs + RECONNECT_CAP_MS };
}

/** client-node doubles its reconnect delay after each watch that ended without events, up to 30 s; we cap it. */
export const RECONNECT_CAP_MS = 1000;

export interface WatchObserver {
  /** The API server answered: a watch opened, an event or bookmark arrived, or a list succeeded. */
  readonly onProof: () => void;
  readonly onRestart: (reason: WatchRestartReason) => void;
}

type WatchCallback = Parameters<Watch['watch']>[2];
type DoneCallback = Parameters<Watch['watch']>[3];

/**
 * A client-node Watch whose every request carries `timeoutSeconds` and `allowWatchBookmarks`, whose inactivity
 * timeout is the server's deadline plus grace, and which aborts a connection that outlives that deadline.
 */
export class LivenessWatch extends Watch {
  private readonly timings: LivenessTimings;
  private readonly observer: WatchObserver;

  constructor(kc: KubeConfig, timings: LivenessTimings, observer: WatchObserver) {
    super(kc);
    this.timings = timings;
    this.observer = observer;
    // client-node keeps its inactivity timeout private (30 s): a quiet but healthy watch must outlive that until the
    // server ends it, so it becomes our deadline. The field has existed since 1.0; the cast is the only way to set it.
    (this as unknown as { requestTimeoutMs: number }).requestTimeoutMs =
      timings.watchTimeoutMs + timings.graceMs;
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: WatchCallback,
    done: DoneCallback,
  ): Promise<AbortController> {
    const params = {
      ...queryParams,
      timeoutSeconds: Math.ceil(this.timings.watchTimeoutMs / 1000),
      allowWatchBookmarks: true,
    };
    let ended = false;
    let deadline: NodeJS.Timeout | undefined;
    let expired = false;
    const controller = await super.watch(
      path,
      params,
      (type, obj, raw) => {
        this.observer.onProof();
        callback(type, obj, raw);
      },
      (err) => {
        ended = true;
        if (deadline) clearTimeout(deadline);
        const timedOut = expired || (err as { name?: unknown } | null)?.name === 'TimeoutError';
        if (timedOut) this.observer.onRestart(expired ? 'deadline' : 'silent');
        // A TimeoutError makes client-node re-open the watch at once from the last resourceVersion.
        done(expired ? new DOMException('watch outlived its deadline', 'TimeoutError') : err);
      },
    );
    if (!ended) {
      this.observer.onProof();
      deadline = setTimeout(() => {
        expired = true;
        controller.abort();
      }, this.timings.watchTimeoutMs + this.timings.graceMs);
      deadline.unref();
    }
    return controller;
  }
}
