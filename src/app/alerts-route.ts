// POST /alerts/alertmanager: the Alertmanager webhook receiver. 401 for a wrong token (body never read), 4xx for a
// payload that will never be valid, 503 while a delivery may yet pass (Alertmanager retries), 200 once delivered.
import { checkBearerToken } from '../alerts/bearer-token.ts';
import { deliverGroup, type DeliverDeps } from '../alerts/deliver-group.ts';
import { parseAlertmanagerPayload } from '../alerts/payload.ts';
import type { Logger } from '../log/logger.ts';
import type { AsyncRoute } from '../server/async-route.ts';

export const ALERTS_PATH = '/alerts/alertmanager';

export interface AlertsRouteOptions {
  readonly tokens: readonly string[];
  readonly maxBodyBytes: number;
  readonly deliver: DeliverDeps;
  readonly log: Logger;
}

export function createAlertsRoute(opts: AlertsRouteOptions): AsyncRoute {
  return {
    path: ALERTS_PATH,
    maxBodyBytes: opts.maxBodyBytes,
    checkHeaders(headers) {
      if (!checkBearerToken(headers.authorization, opts.tokens))
        return { status: 401, reason: 'bad bearer token' };
      if (headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity')
        return { status: 415, reason: 'compressed bodies are not accepted' };
      if (!/^application\/json\b/i.test(headers['content-type'] ?? ''))
        return { status: 415, reason: 'content type must be application/json' };
      const declared = Number(headers['content-length'] ?? '0');
      if (declared > opts.maxBodyBytes) return { status: 413, reason: 'body too large' };
      return undefined;
    },
    async respond(rawBody) {
      const parsed = parseAlertmanagerPayload(rawBody);
      if (!parsed.ok) return { status: 400, body: { error: parsed.problem } };
      const outcome = await deliverGroup(parsed.group, opts.deliver);
      const count = (r: string): number => outcome.results.filter((x) => x.result === r).length;
      const body = {
        status: outcome.status === 200 ? 'delivered' : 'retry',
        routes: outcome.results.length,
        delivered: count('delivered'),
        duplicate: count('duplicate'),
        failed: outcome.results.length - count('delivered') - count('duplicate'),
      };
      if (outcome.status !== 200)
        opts.log.warn('alert notification not fully delivered; Alertmanager will retry', {
          groupKey: parsed.group.groupKey.slice(0, 200),
          results: outcome.results,
        });
      return { status: outcome.status, body };
    },
  };
}
