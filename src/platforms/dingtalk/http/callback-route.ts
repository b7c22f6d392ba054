// DingTalk's HTTP callback, mounted by the public server: the gate's verdicts become status codes and counters;
// accepted messages run once, across replicas, and a captured signature cannot carry a second body.
import { createHash } from 'node:crypto';
import { admitByClaim } from '../../../dispatch/admit-by-claim.ts';
import type { Deduper } from '../../../dispatch/dedupe.ts';
import type { MessageClaimStore } from '../../../dispatch/ports/message-claims.ts';
import type { MessageHandler } from '../../../dispatch/ports/message-handler.ts';
import type { Logger } from '../../../log/logger.ts';
import { CALLBACK_RESULTS, type CallbackResult } from '../../../server/callback-results.ts';
import type { CallbackRejection, CallbackRoute } from '../../../server/public-app.ts';
import {
  acceptCallback,
  checkCallbackHeaders,
  unauthorized,
  UNAUTHORIZED_REASONS,
  type AcceptCallbackOptions,
  type GateRejection,
  type HeaderCheck,
  type RobotIdentity,
  type UnauthorizedReason,
} from '../accept-callback.ts';
import type { ReplayGuard } from '../replay-guard.ts';

/** The counters the route moves; prom-client's Counter fits. */
export interface CallbackCounters {
  readonly callbacks: { inc(labels: { result: CallbackResult }, value?: number): void };
  readonly callbacksUnauthorized: { inc(labels: { reason: UnauthorizedReason }, value?: number): void };
}

export interface DingTalkRouteDeps {
  readonly secrets: readonly string[];
  readonly windowMs: number;
  readonly maxBodyBytes: number;
  /** Configured corp id / robot code the body must name; empty = not checked. */
  readonly identity?: RobotIdentity;
  readonly deduper: Deduper;
  readonly replayGuard: ReplayGuard;
  /** Cluster-wide claims; absent when the process runs alone (then memory is the only record). */
  readonly claims?: MessageClaimStore | undefined;
  readonly dispatcher: MessageHandler;
  readonly metrics: CallbackCounters;
  readonly log: Logger;
  /** Epoch-milliseconds clock of the signature window; Date.now by default. */
  readonly now?: () => number;
}

/** What DingTalk expects as the synchronous answer: the reply itself goes through the sessionWebhook. */
const ACCEPTED_BODY = { msgtype: 'empty' } as const;

/**
 * How long past its signed timestamp (plus the window) a delivery is remembered: room for replicas' clocks and
 * the claims collector's to disagree a little. More than that is a clock problem (docs/troubleshooting.md).
 */
export const CLOCK_MARGIN_MS = 120_000;

/** Dashboards see zeros, not gaps, for every way a callback can be answered. */
export function zeroCallbackCounters(metrics: CallbackCounters): void {
  for (const result of CALLBACK_RESULTS) metrics.callbacks.inc({ result }, 0);
  for (const reason of UNAUTHORIZED_REASONS) metrics.callbacksUnauthorized.inc({ reason }, 0);
}

export function createDingTalkRoute(deps: DingTalkRouteDeps): CallbackRoute {
  zeroCallbackCounters(deps.metrics);
  const gate: AcceptCallbackOptions = {
    secrets: deps.secrets,
    windowMs: deps.windowMs,
    maxBodyBytes: deps.maxBodyBytes,
    ...(deps.identity !== undefined ? { identity: deps.identity } : {}),
    ...(deps.now !== undefined ? { now: deps.now } : {}),
  };
  // Logged (throttled) by the server's onRejected with the reason; 401s are also counted by reason here.
  const reject = (rejection: GateRejection): CallbackRejection => {
    if (rejection.status === 401) deps.metrics.callbacksUnauthorized.inc({ reason: rejection.unauthorized });
    return { status: rejection.status, reason: rejection.reason };
  };
  const accept = (run: () => void) => ({ status: 200 as const, body: ACCEPTED_BODY, accept: run });
  // The header verdict of each request in flight, keyed by its headers object, so handle need not verify twice.
  const passedBeforeBody = new WeakMap<object, HeaderCheck>();
  return {
    path: '/callbacks/dingtalk',
    maxBodyBytes: deps.maxBodyBytes,
    hintFor: (status) =>
      status === 401
        ? 'check KUBETALK_DINGTALK_APP_SECRET, the corp id / robot code settings and the clock (NTP)'
        : undefined,
    checkHeaders(req) {
      const check = checkCallbackHeaders(req, gate);
      if (check.status !== 'continue') return reject(check);
      passedBeforeBody.set(req.headers, check);
      return undefined;
    },
    handle(req) {
      const verdict = acceptCallback(
        { headers: req.headers, rawBody: req.rawBody, contentType: req.contentType },
        gate,
        passedBeforeBody.get(req.headers),
      );
      if (verdict.status !== 200) return reject(verdict);
      const msg = verdict.message;
      const bodyDigest = createHash('sha256').update(req.rawBody).digest('base64');
      // Anchored on the signed timestamp, not on when this replica saw it: the pair is usable until then anywhere.
      const keepUntil = verdict.signedAtMs + deps.windowMs + CLOCK_MARGIN_MS;
      const { timestamp, sign } = verdict.signature;
      if (deps.replayGuard.check(timestamp, sign, bodyDigest, keepUntil) === 'replayed') {
        deps.log.warn('callback rejected: signature replayed with another message', { msgId: msg.messageId });
        return reject(unauthorized('replayed'));
      }
      if (!deps.deduper.firstSeen(msg.messageId, keepUntil)) {
        deps.metrics.callbacks.inc({ result: 'duplicate' });
        deps.log.info('duplicate delivery ignored', { msgId: msg.messageId });
        return accept(() => undefined);
      }
      deps.metrics.callbacks.inc({ result: 'accepted' });
      const claims = deps.claims;
      if (!claims) return accept(() => deps.dispatcher.handle(msg));
      const admit = admitByClaim(
        claims,
        { msgId: msg.messageId, signature: `${timestamp}\n${sign}`, digest: bodyDigest, keepUntil },
        {
          onDuplicate: () => deps.metrics.callbacks.inc({ result: 'duplicate' }),
          onReplayed: () => deps.metrics.callbacks.inc({ result: 'replayed' }),
          log: deps.log,
        },
      );
      return accept(() => deps.dispatcher.handle(msg, admit));
    },
  };
}
