// Wires the DingTalk gate to the HTTP route: verdicts become status codes and metrics; accepted messages run once.
import type { Deduper } from '../dispatch/dedupe.ts';
import type { Dispatcher } from '../dispatch/dispatcher.ts';
import type { Logger } from '../log/logger.ts';
import type { CallbackResult, Metrics } from '../metrics/metrics.ts';
import { acceptCallback } from '../platforms/dingtalk/index.ts';
import type { CallbackRoute } from '../server/public-app.ts';

export interface DingTalkRouteDeps {
  readonly secrets: readonly string[];
  readonly windowMs: number;
  readonly maxBodyBytes: number;
  readonly deduper: Deduper;
  readonly dispatcher: Dispatcher;
  readonly metrics: Metrics;
  readonly log: Logger;
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

export function createDingTalkRoute(deps: DingTalkRouteDeps): CallbackRoute {
  return {
    path: '/callbacks/dingtalk',
    maxBodyBytes: deps.maxBodyBytes,
    handle(req) {
      const verdict = acceptCallback(
        { headers: req.headers, rawBody: req.rawBody, contentType: req.contentType },
        { secrets: deps.secrets, windowMs: deps.windowMs, maxBodyBytes: deps.maxBodyBytes },
      );
      if (verdict.status !== 200) {
        if (verdict.status === 401) {
          // Operators need to tell clock skew from a wrong secret; the reason says which, and nothing secret.
          deps.log.warn('callback rejected: bad signature', {
            reason: verdict.reason,
            hint: 'check KUBETALK_DINGTALK_APP_SECRET and the clock',
          });
        }
        return { status: verdict.status, reason: verdict.reason };
      }
      const msg = verdict.message;
      if (!deps.deduper.firstSeen(msg.messageId)) {
        deps.metrics.callbacks.inc({ result: 'duplicate' });
        deps.log.info('duplicate delivery ignored', { msgId: msg.messageId });
        return { status: 200, accept: () => undefined };
      }
      deps.metrics.callbacks.inc({ result: 'accepted' });
      return { status: 200, accept: () => deps.dispatcher.handle(msg) };
    },
  };
}
