// Diagnoses under alerts (issue 19, point 2): for a route with `diagnose: true`, the workloads its firing alerts
// name are diagnosed as the namespace's runner, bounded in time and size, once per (workload, alert group) while
// the cache holds it — repeats and retries of one group reuse the same diagnosis.
import type { KubeConfig } from '@kubernetes/client-node';
import {
  createDiagnosisCache,
  diagnoseMessages,
  diagnoseWorkload,
  renderReport,
} from '../actions/diagnose/index.ts';
import { workloadsOf } from '../alerts/alert-workload.ts';
import type { DeliverDeps } from '../alerts/deliver-group.ts';
import { alertMessages } from '../alerts/render/messages.ts';
import { dispatchMessages } from '../dispatch/messages.ts';
import { renderOutcome } from '../dispatch/render-reply-text.ts';
import { formatMessage, mergeCatalogs, type Locale } from '../i18n/catalog.ts';
import { createRunnerClients } from '../kube/clients.ts';
import type { Logger } from '../log/logger.ts';
import { cutMarkdown } from '../platforms/dingtalk/truncate-markdown.ts';

export interface AlertDiagnosisOptions {
  readonly kc: KubeConfig;
  readonly runnerName: string;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  /** One diagnosis may take this long (the whole notification waits for it). */
  readonly timeoutMs?: number;
  /** How long a diagnosis is reused for the same workload and alert group. */
  readonly cacheTtlMs?: number;
  /** Workloads diagnosed per message. */
  readonly maxWorkloads?: number;
  /** JSON-escaped bytes one diagnosis may take in the message. */
  readonly maxBytes?: number;
  /** Counts the diagnoses actually computed (cache misses), for tests and metrics. */
  readonly onComputed?: (workload: string) => void;
}

const catalog = mergeCatalogs(dispatchMessages, diagnoseMessages, alertMessages);

export function createAlertDiagnoser(opts: AlertDiagnosisOptions): NonNullable<DeliverDeps['diagnose']> {
  const cache = createDiagnosisCache<string>({ ttlMs: opts.cacheTtlMs ?? 300_000 });
  const maxBytes = opts.maxBytes ?? 3_000;
  return async (route, group, alerts) => {
    const ns = route.route.metadata.namespace;
    const locale = route.route.spec.locale ?? opts.defaultLocale;
    const t = (key: string, params?: Record<string, string | number>): string =>
      formatMessage(catalog, locale, params ? { key, params } : { key });
    const out = new Map<string, string>();
    await Promise.all(
      workloadsOf(alerts, ns, opts.maxWorkloads ?? 3).map(async ({ workload, fingerprint }) => {
        try {
          const markdown = await cache.getOrCompute(workload, `${group.groupKey}\n${locale}`, async () => {
            opts.onComputed?.(`${ns}/${workload.kind}/${workload.name}`);
            const clients = createRunnerClients(opts.kc, { namespace: ns, runnerName: opts.runnerName });
            const signal = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
            const { report } = await diagnoseWorkload(workload, clients, { maxLogBytes: 1024, signal });
            return renderOutcome(renderReport(report), (m) => formatMessage(catalog, locale, m), '').markdown;
          });
          const heading = t('alert.diagnosis', {
            workload: `${workload.kind.toLowerCase()}/${workload.name}`,
          });
          out.set(fingerprint, `${heading}\n\n${cutMarkdown(markdown, maxBytes)}`);
        } catch (err) {
          // No diagnosis is better than no alert: the message goes out without it.
          opts.log.warn('cannot diagnose the workload of an alert', { route: route.key, workload, err });
        }
      }),
    );
    return out;
  };
}
