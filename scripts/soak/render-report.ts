// The soak section of docs/benchmarks.md: traffic, answers, and whether each metric stayed flat.
import { fmt, MiB } from '../../bench/lib/stats.ts';
import { isFlat, type MetricTrend } from './analyse.ts';
import type { SoakReport } from './run-soak.ts';

const UNIT: Record<string, { div: number; unit: string }> = {
  kubetalk_process_resident_memory_bytes: { div: MiB, unit: 'MiB' },
  kubetalk_nodejs_heap_size_used_bytes: { div: MiB, unit: 'MiB' },
  kubetalk_process_open_fds: { div: 1, unit: '' },
  kubetalk_nodejs_active_handles_total: { div: 1, unit: '' },
};

function trendRow(t: MetricTrend): string {
  const u = UNIT[t.metric] ?? { div: 1, unit: '' };
  const v = (x: number): string => `${fmt(x / u.div)}${u.unit ? ` ${u.unit}` : ''}`;
  return `| \`${t.metric}\` | ${v(t.firstThird)} | ${v(t.lastThird)} | ${v(t.min)}–${v(t.max)} | ${fmt(t.slopePerMinute / u.div)}${u.unit ? ` ${u.unit}` : ''}/min | ${isFlat(t) ? 'flat' : '**growing**'} |`;
}

export function renderSoakReport(r: SoakReport, header: string, settings: string): string {
  const sent = Object.entries(r.traffic.sent)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const total = Object.values(r.traffic.sent).reduce((a, b) => a + b, 0);
  const unexpected = Object.entries(r.traffic.unexpected);
  const allFlat = r.trends.every(isFlat);
  return `## Soak

${header}
- ${settings}
- Sent ${total.toLocaleString('en-US')} callbacks in ${fmt(r.seconds / 60)} min: ${sent}. ChatCommand churn: ${r.churn.created} created,
  ${r.churn.updated} updated, ${r.churn.deleted} deleted (${r.churn.errors} errors).
- Answers: ${unexpected.length === 0 ? 'every request got the status its kind must get' : `unexpected statuses: ${unexpected.map(([k, n]) => `${k} ×${n}`).join(', ')}`}; transport errors ${r.traffic.transportErrors};
  valid messages without a reply ${r.unanswered} of ${r.traffic.expectReply.size}; sessions answered twice ${r.repliedTwice};
  samples with \`/readyz\` not 200: ${r.notReadySamples} of ${r.samples.length}.

Samples every few seconds; the first 20 % are warm-up and left out; "first/last third" are medians of the thirds
of the rest, the slope is least squares over the rest.

| metric | first third | last third | range | slope | verdict |
| ------ | ----------: | ---------: | ----: | ----: | ------- |
${r.trends.map(trendRow).join('\n')}

**Reading.** ${allFlat ? 'Every metric stayed flat' : 'At least one metric grew'} under mixed valid and hostile traffic and steady ChatCommand churn
(flat = memory's last third ≤ 1.5 × its first third + 20 MiB, open fds and handles within +10 / +20).
Bounded memory that fills slowly is expected: the msgId dedupe keeps ids for 10 minutes and the signature replay
guard for twice the signature window (2 h) — both capped at 100,000 entries — so a run shorter than those
windows sees them fill, not leak.
`;
}
