// Wires the DingTalk gate to the HTTP route: verdicts become status codes and metrics; accepted messages run once,
// across replicas, and a captured signature cannot carry a second body.
import { createHash } from 'node:crypto';
import type { MessageClaimStore } from '../dispatch/ports/message-claims.ts';
import { admitByClaim } from '../dispatch/admit-by-claim.ts';
import type { Deduper } from '../dispatch/dedupe.ts';
import type { Dispatcher } from '../dispatch/dispatcher.ts';
import type { Logger } from '../log/logger.ts';
import type { CallbackResult, Metrics } from '../metrics/metrics.ts';
import {
  acceptCallback,
  checkCallbackHeaders,
  unauthorized,
  type AcceptCallbackOptions,
  type GateRejection,
  type RobotIdentity,
} from '../platforms/dingtalk/index.ts';
import type { ReplayGuard } from '../platforms/dingtalk/replay-guard.ts';
import type { CallbackRejection, CallbackRoute } from '../server/public-app.ts';

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
  readonly dispatcher: Dispatcher;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Epoch-milliseconds clock of the signature window; Date.now by default. */
  readonly now?: () => number;
}

const RESULT_BY_STATUS: Readonly<Record<number, CallbackResult>> = {
  400: 'bad_request',
  401: 'unauthorized',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

export function resultForStatus(status: number): CallbackResult {
  return RESULT_BY_STATUS[status] ?? 'bad_request';
}

function header(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/**
 * How long past its signed timestamp (plus the window) a delivery is remembered: room for replicas' clocks and
 * the claims collector's to disagree a little. More than that is a clock problem (docs/troubleshooting.md).
 */
export const CLOCK_MARGIN_MS = 120_000;

export function createDingTalkRoute(deps: DingTalkRouteDeps): CallbackRoute {
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
  return {
    path: '/callbacks/dingtalk',
    maxBodyBytes: deps.maxBodyBytes,
    checkHeaders(req) {
      const check = checkCallbackHeaders(req, gate);
      return check.status === 'continue' ? undefined : reject(check);
    },
    handle(req) {
      const verdict = acceptCallback(
        { headers: req.headers, rawBody: req.rawBody, contentType: req.contentType },
        gate,
      );
      if (verdict.status !== 200) return reject(verdict);
      const msg = verdict.message;
      const timestamp = header(req.headers['timestamp']);
      const sign = header(req.headers['sign']);
      const bodyDigest = createHash('sha256').update(req.rawBody).digest('base64');
      // Anchored on the signed timestamp, not on when this replica saw it: the pair is usable until then anywhere.
      const keepUntil = verdict.signedAtMs + deps.windowMs + CLOCK_MARGIN_MS;
      if (deps.replayGuard.check(timestamp, sign, bodyDigest, keepUntil) === 'replayed') {
        deps.log.warn('callback rejected: signature replayed with another message', { msgId: msg.messageId });
        return reject(unauthorized('replayed'));
      }
      if (!deps.deduper.firstSeen(msg.messageId, keepUntil)) {
        deps.metrics.callbacks.inc({ result: 'duplicate' });
        deps.log.info('duplicate delivery ignored', { msgId: msg.messageId });
        return { status: 200, accept: () => undefined };
      }
      deps.metrics.callbacks.inc({ result: 'accepted' });
      const claims = deps.claims;
      if (!claims) return { status: 200, accept: () => deps.dispatcher.handle(msg) };
      const admit = admitByClaim(
        claims,
        { msgId: msg.messageId, signature: `${timestamp}\n${sign}`, digest: bodyDigest, keepUntil },
        {
          onDuplicate: () => deps.metrics.callbacks.inc({ result: 'duplicate' }),
          onReplayed: () => deps.metrics.callbacks.inc({ result: 'replayed' }),
          log: deps.log,
        },
      );
      return { status: 200, accept: () => deps.dispatcher.handle(msg, admit) };
    },
  };
}
