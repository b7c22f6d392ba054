import { describe, expect, it } from 'vitest';
import {
  renderAlertMessage,
  type RenderAlertInput,
} from '../../../src/alerts/render/render-alert-message.ts';
import { jsonStringBytes } from '../../../src/platforms/dingtalk/truncate-markdown.ts';
import type { Locale } from '../../../src/i18n/catalog.ts';
import { alert, group, NOW, route } from './fixtures.ts';

const golden = (name: string): string => `../../golden/alerts/${name}.md`;
const spec = route('shop', 'r', {
  mentions: {
    staffIds: ['lead01'],
    bySeverity: { critical: ['oncall01'] },
    byLabel: { label: 'team', staffIds: { web: ['alice01'] } },
  },
  actions: [
    { title: 'Restart', command: 'restart {{ labels.deployment }}' },
    { title: 'Logs', command: 'logs {{ labels.pod }} --tail 50' },
  ],
}).route.spec;

const crash = alert(
  {
    alertname: 'KubePodCrashLooping',
    namespace: 'shop',
    severity: 'critical',
    deployment: 'web',
    pod: 'web-7d9f-abcde',
    team: 'web',
  },
  {
    annotations: {
      summary: 'Pod shop/web-7d9f-abcde is crash looping',
      description: 'Container app restarted 5 times in 10 minutes.',
      runbook_url: 'https://runbooks.example/KubePodCrashLooping',
    },
    fingerprint: 'a1',
  },
);
const warning = alert(
  { alertname: 'KubePodCrashLooping', namespace: 'shop', severity: 'warning', pod: 'worker-0' },
  {
    annotations: { summary: 'Pod shop/worker-0 restarts' },
    startsAt: '2026-12-05T10:28:00Z',
    fingerprint: 'a2',
  },
);
const resolvedOne = alert(
  {
    alertname: 'KubePodCrashLooping',
    namespace: 'shop',
    severity: 'critical',
    deployment: 'api',
    pod: 'api-1',
  },
  {
    status: 'resolved',
    endsAt: '2026-12-05T10:25:00Z',
    startsAt: '2026-12-05T09:55:00Z',
    annotations: { summary: 'api recovered' },
    fingerprint: 'a3',
  },
);

const render = (
  alerts: RenderAlertInput['alerts'],
  locale: Locale,
  extra: Partial<RenderAlertInput> = {},
) => {
  const g = group(alerts);
  const out = renderAlertMessage({
    group: g,
    alerts,
    spec,
    locale,
    now: NOW,
    maxMarkdownBytes: 13_000,
    ...extra,
  });
  return `title: ${out.title}\nmentions: ${out.mentionUserIds.join(' ')}\n\n${out.markdown}\n`;
};

describe('alert messages (golden files)', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`firing and resolved in one group (${locale})`, async () => {
      await expect(render([warning, crash, resolvedOne], locale)).toMatchFileSnapshot(
        golden(`mixed-${locale}`),
      );
    });
    it(`all resolved: no mentions, no buttons, what it resolves (${locale})`, async () => {
      await expect(render([resolvedOne], locale)).toMatchFileSnapshot(golden(`resolved-${locale}`));
    });
    it(`many alerts: "and N more" and truncatedAlerts (${locale})`, async () => {
      const many = Array.from({ length: 200 }, (_, i) =>
        alert(
          { alertname: 'KubePodCrashLooping', namespace: 'shop', severity: 'warning', pod: `web-${i}` },
          { fingerprint: `m${i}` },
        ),
      );
      const g = group(many, { truncatedAlerts: 50 });
      const out = renderAlertMessage({
        group: g,
        alerts: many,
        spec,
        locale,
        now: NOW,
        maxMarkdownBytes: 4_000,
      });
      expect(jsonStringBytes(out.markdown)).toBeLessThanOrEqual(4_000);
      await expect(`${out.markdown}\n`).toMatchFileSnapshot(golden(`many-${locale}`));
    });
  }
});

describe('alert messages: hostile values', () => {
  it('neutralises labels and annotations: no links, mentions or markup from Prometheus rules', () => {
    const evil = alert(
      { alertname: '[click](https://evil)', namespace: 'shop', severity: '**x**', pod: '@all <b>' },
      {
        annotations: {
          summary: '![img](https://evil/x.png) dtmd://dingtalkclient/sendMessage?content=scale%20db%200',
          description: '# heading\n- list\n> quote',
          runbook_url: 'javascript:alert(1)',
        },
        generatorURL: 'https://prom.example/graph?x=a) [y](https://evil',
      },
    );
    const out = renderAlertMessage({
      group: group([evil]),
      alerts: [evil],
      spec,
      locale: 'en',
      now: NOW,
      maxMarkdownBytes: 13_000,
    });
    expect(out.markdown).not.toContain('[click]');
    expect(out.markdown).not.toContain('](https://evil');
    expect(out.markdown).not.toContain('dtmd://dingtalkclient/sendMessage?content=scale');
    expect(out.markdown).not.toContain('@all');
    expect(out.markdown).not.toContain('javascript:');
    expect(out.markdown).not.toMatch(/^# heading/m);
    // The source link stays one link: its ")" and spaces are percent-encoded.
    expect(out.markdown).toContain('[Source](https://prom.example/graph?x=a%29%20%5By%5D%28https://evil)');
  });

  it('stays within the budget for any number of alerts', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      alert(
        { alertname: 'X', namespace: 'shop', pod: `p${i}` },
        { annotations: { description: '长'.repeat(600) }, fingerprint: `f${i}` },
      ),
    );
    const out = renderAlertMessage({
      group: group(many),
      alerts: many,
      spec,
      locale: 'zh-CN',
      now: NOW,
      maxMarkdownBytes: 18_000,
    });
    expect(jsonStringBytes(out.markdown)).toBeLessThanOrEqual(18_000);
    expect(out.markdown).toMatch(/另有 \d+ 条告警未在此显示/);
  });

  it('mentions at most 20 people', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `u${i}`);
    const r = route('shop', 'r', {
      mentions: { staffIds: ids.slice(0, 20), bySeverity: { critical: ids.slice(10) } },
    });
    const out = renderAlertMessage({
      group: group([crash]),
      alerts: [crash],
      spec: r.route.spec,
      locale: 'en',
      now: NOW,
      maxMarkdownBytes: 13_000,
    });
    expect(out.mentionUserIds).toHaveLength(20);
  });
});
