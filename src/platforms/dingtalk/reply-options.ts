// The DingTalk reply sender's settings and the result it reports per reply (for metrics and logs).
import type { Logger } from '../../log/logger.ts';
import type { PostJson } from './post-json.ts';

export type ReplyResultKind = 'ok' | 'retried' | 'failed' | 'refused';

export interface ReplyResultDetail {
  /** Short hash of the webhook URL; the URL itself is a credential. */
  readonly targetId: string;
  readonly attempts: number;
  /** Why it failed or was refused. */
  readonly reason?: string;
  /** The last DingTalk errcode seen, if any. */
  readonly errcode?: number;
  /** From the first attempt to the outcome, excluding time queued behind the rate limit. */
  readonly durationMs: number;
}

export interface DingTalkReplySenderOptions {
  /** The transport; undici's request() by default (see post-json.ts), fetch fits too. */
  readonly fetch?: PostJson;
  /** Epoch-milliseconds clock used for expiry, rate limiting and the retry budget. */
  readonly now?: () => number;
  /** Used for backoff and rate-limit waits; a fake clock makes tests fast. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source, uniform in [0, 1). */
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly allowedHosts?: readonly string[];
  /** Accept http: webhooks. Only for tests against a local double. */
  readonly allowInsecureHttp?: boolean;
  /** Per-attempt timeout (real time; default 5 s). */
  readonly timeoutMs?: number;
  /** Attempts per reply, including the first (default 5). */
  readonly maxAttempts?: number;
  /** No retry is started once this much time has passed since the first attempt (default 30 s). */
  readonly maxTotalMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Messages allowed per webhook per rolling window (default 20 per 60 s, DingTalk's own limit). */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
  /** Replies that may wait per webhook (20 a minute go out); beyond it a reply fails at once (default 100). */
  readonly maxQueuedPerTarget?: number;
  /** Metrics hook, called once per send(); exceptions it throws are logged and ignored. */
  readonly onResult?: (result: ReplyResultKind, detail: ReplyResultDetail) => void;
}
