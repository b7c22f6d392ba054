// The periodic pass every replica makes over ChatRequests: expire Pending ones past their time (announcing it),
// mark Approved ones whose executor vanished, and delete ended ones past their TTL. Each change is a write
// conditional on the resourceVersion read, so when replicas sweep at once exactly one wins and announces.
import type { Approval } from '../api/chat-command.ts';
import type { ChatRequest } from '../api/chat-request.ts';
import { formatMessage, type Catalog, type Locale } from '../i18n/catalog.ts';
import { isConflict } from '../kube/api-status.ts';
import type { Logger } from '../log/logger.ts';
import type { ReplySender } from '../dispatch/ports/chat.ts';
import type { RequestMetrics } from './request-metrics.ts';
import { codeOfName } from './request-code.ts';
import type { RequestStore } from './request-store.ts';
import { mentionsOf, renderNotice } from './render-request.ts';
import type { SessionBook } from './session-book.ts';
import { transition, type RequestEvent } from './state-machine.ts';

export interface SweepDeps {
  readonly store: RequestStore;
  readonly replies: ReplySender;
  readonly sessions: SessionBook;
  readonly metrics: RequestMetrics;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly locale: (req: ChatRequest) => Locale;
  readonly policyOf: (req: ChatRequest) => Approval | undefined;
  /** Ended requests are deleted this long after they ended. */
  readonly ttlMs: number;
  /** An Approved request older than this has lost its executor (the action timeout plus a margin). */
  readonly abandonAfterMs: number;
  readonly now?: () => number;
}

export interface SweepResult {
  readonly expired: number;
  readonly abandoned: number;
  readonly deleted: number;
}

export function createRequestSweep(deps: SweepDeps): { sweep(): Promise<SweepResult> } {
  const now = deps.now ?? Date.now;

  async function apply(req: ChatRequest, event: RequestEvent): Promise<boolean> {
    const next = transition(req.status, event, { spec: req.spec, policy: undefined, now: now() });
    if (!next.ok) return false;
    try {
      await deps.store.writeStatus(req, next.status);
      deps.metrics.requests.inc({ action: req.spec.action, outcome: next.status.state.toLowerCase() });
      return true;
    } catch (err) {
      // Another replica (or a decision) wrote first: theirs stands.
      if (!isConflict(err)) deps.log.warn('cannot update a request', { err, request: req.metadata.name });
      return false;
    }
  }

  async function announceExpired(req: ChatRequest): Promise<void> {
    const t = (key: string, params: Record<string, string | number>): string =>
      formatMessage(deps.catalog, deps.locale(req), { key, params });
    const code = codeOfName(req.metadata.name);
    const reply = renderNotice(
      '⌛',
      t('approval.expired', { code, summary: req.spec.preview.summary }),
      mentionsOf(req, deps.policyOf(req)),
    );
    const result = await deps.replies.send(deps.sessions.targetFor(req), reply);
    if (!result.ok)
      deps.log.warn('expiry of a request not announced', {
        request: req.metadata.name,
        reason: result.reason,
      });
  }

  return {
    async sweep() {
      let expired = 0;
      let abandoned = 0;
      let deleted = 0;
      const created = (r: ChatRequest): number => Date.parse(r.metadata.creationTimestamp ?? '');
      for (const req of await deps.store.listByState('Pending')) {
        if (Date.parse(req.spec.expiresAt) > now()) continue;
        if (await apply(req, { type: 'expire' })) {
          expired++;
          const age = (now() - created(req)) / 1000;
          if (Number.isFinite(age)) deps.metrics.decisionSeconds.observe({ action: req.spec.action }, age);
          await announceExpired(req);
        }
      }
      for (const req of await deps.store.listByState('Approved')) {
        const decided = Date.parse(req.status.decidedAt ?? '');
        if (Number.isNaN(decided) || now() - decided < deps.abandonAfterMs) continue;
        const message = `no result from ${req.status.executor ?? 'its executor'}; check the target before asking again`;
        if (await apply(req, { type: 'abandon', message })) abandoned++;
      }
      for (const req of await deps.store.listByState('ended')) {
        const ended = Date.parse(req.status.endedAt ?? '');
        if (Number.isNaN(ended) || now() - ended < deps.ttlMs) continue;
        await deps.store.delete(req);
        deleted++;
      }
      return { expired, abandoned, deleted };
    },
  };
}
