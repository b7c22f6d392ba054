// Rendering: verdict first, every message key exists in both languages, and the reply stays within DingTalk's limit.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../../src/actions/diagnose/build-report.ts';
import { diagnoseMessages } from '../../../../src/actions/diagnose/messages.ts';
import { renderReport, REPORT_TEXT_BYTES } from '../../../../src/actions/diagnose/render-report.ts';
import { formatMessage, LOCALES } from '../../../../src/i18n/catalog.ts';
import { ago, event, pod, podRef, snapshot, waiting } from './builders.ts';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('renderReport', () => {
  it('says healthy in one line', () => {
    const out = renderReport(buildReport(snapshot()));
    expect(out.summary.key).toBe('diagnose.healthy');
    expect(out.ok).toBe(true);
    expect(out.blocks).toEqual([]);
    expect(formatMessage(diagnoseMessages, 'en', out.summary)).toBe(
      'deployment/web in shop is healthy: 2/2 ready; nothing wrong in its pods, events, claims or Services.',
    );
  });

  it('keeps 50 broken pods with huge messages within the byte budget, every placeholder filled', () => {
    const pods = Array.from({ length: 50 }, (_, i) =>
      pod(`web-${i}`, {
        status: {
          phase: 'Pending',
          containerStatuses: [waiting('app', 'ImagePullBackOff', 'x'.repeat(5000))],
        },
      }),
    );
    const events = pods.flatMap((p) => [
      event(podRef(p.metadata?.name ?? ''), 'Failed', `Failed to pull image: not found ${'y'.repeat(5000)}`, {
        lastTimestamp: ago(5),
      }),
    ]);
    const report = {
      ...buildReport(snapshot({ pods: { ok: true, value: pods }, events: { ok: true, value: events } })),
      log: { pod: 'web-0', container: 'app', text: 'z'.repeat(8192), cut: true },
    };
    const out = renderReport(report);
    const text = (out.blocks ?? []).map((b) => b.text).join('');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(REPORT_TEXT_BYTES + 10);
    expect(out.ok).toBe(false);
    expect(out.blocks?.[0]?.heading?.key).toBe('diagnose.cause.image-not-found');
    expect(out.blocks?.[0]?.text).toContain('(+45 more)');
    for (const locale of LOCALES) {
      for (const b of out.blocks ?? [])
        if (b.heading) expect(formatMessage(diagnoseMessages, locale, b.heading)).not.toMatch(/\{\w+\}/);
    }
  });

  it('has the same placeholders in both languages for every message', () => {
    for (const [key, entry] of Object.entries(diagnoseMessages)) {
      expect(placeholders(entry['zh-CN']), key).toEqual(placeholders(entry.en));
    }
  });
});
