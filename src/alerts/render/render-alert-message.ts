// One route's share of an alert group as one chat message: heading, one block per alert (firing first), links,
// buttons, "and N more" when the byte budget runs out, mentions. Every value from labels/annotations is neutralised.
import type { AlertRouteSpec } from '../../api/alert-route.ts';
import { formatAge } from '../../actions/format-age.ts';
import { formatMessage, type Locale } from '../../i18n/catalog.ts';
import { neutralizeBlock, neutralizeMarkdown, neutralizeUrl } from '../../i18n/neutralize-markdown.ts';
import { jsonStringBytes } from './json-bytes.ts';
import type { OutboundReply } from '../../dispatch/ports/chat.ts';
import type { Alert, AlertGroup } from '../payload.ts';
import { renderButtons } from './buttons.ts';
import { selectMentions } from './mentions.ts';
import { alertMessages } from './messages.ts';
import { compareText } from '../../lib/compare-text.ts';

export interface RenderAlertInput {
  readonly group: AlertGroup;
  readonly alerts: readonly Alert[];
  readonly spec: AlertRouteSpec;
  readonly locale: Locale;
  readonly now: number;
  /** Budget for the markdown, in bytes as JSON-escaped UTF-8 (the platform's body limit minus envelope). */
  readonly maxMarkdownBytes: number;
  /** Rendered diagnoses by alert fingerprint (already neutralised by their renderer). */
  readonly diagnoses?: ReadonlyMap<string, string>;
}

const SEVERITY_ORDER = ['critical', 'error', 'high', 'warning', 'medium', 'low', 'info', 'none'];
const MAX_TEXT_CHARS = 600;
const MAX_SHOWN_LABELS = 6;

export function renderAlertMessage(input: RenderAlertInput): OutboundReply {
  const { group, locale } = input;
  const t = (key: string, params?: Record<string, string | number>): string =>
    formatMessage(alertMessages, locale, params ? { key, params } : { key });
  const firing = sortAlerts(input.alerts.filter((a) => a.status === 'firing'));
  const resolved = sortAlerts(input.alerts.filter((a) => a.status === 'resolved'));
  const name = groupName(group, input.alerts);
  const allResolved = firing.length === 0;
  const title = allResolved
    ? t('alert.title.resolved', { name })
    : t('alert.title.firing', { count: firing.length, name });
  const head = [
    allResolved
      ? t('alert.heading.resolved', { name, count: resolved.length })
      : t('alert.heading.firing', { name, count: firing.length }),
    t('alert.group', { labels: formatLabels(group.groupLabels) }),
  ];
  const silence = silenceLink(group);
  if (silence !== undefined && !allResolved) head.push(`[${t('alert.link.silence')}](${silence})`);

  const footer: string[] = [];
  if (group.truncatedAlerts > 0) footer.push(t('alert.truncated', { count: group.truncatedAlerts }));
  // Room for the header, the truncation note and an "and N more" line is kept before any alert block.
  const reserve = jsonStringBytes([...head, ...footer, t('alert.more', { count: 99_999 })].join('\n\n')) + 16;
  let budget = input.maxMarkdownBytes - reserve;
  const blocks: string[] = [];
  let shown = 0;
  const add = (block: string): boolean => {
    const cost = jsonStringBytes(block) + 4;
    if (cost > budget) return false;
    budget -= cost;
    blocks.push(block);
    shown++;
    return true;
  };
  const ordered = [...firing, ...resolved];
  let resolvedHeadingDone = allResolved;
  for (const alert of ordered) {
    if (!resolvedHeadingDone && alert.status === 'resolved') {
      const heading = t('alert.section.resolved');
      if (jsonStringBytes(heading) + 4 > budget) break;
      budget -= jsonStringBytes(heading) + 4;
      blocks.push(heading);
      resolvedHeadingDone = true;
    }
    if (!add(renderAlertBlock(alert, input, t))) break;
  }
  const hidden = ordered.length - shown;
  if (hidden > 0) footer.unshift(t('alert.more', { count: hidden }));
  const markdown = [...head, '---', ...blocks, ...footer].join('\n\n');
  return { title, markdown, mentionUserIds: selectMentions(input.spec.mentions, input.alerts) };
}

type T = (key: string, params?: Record<string, string | number>) => string;

function renderAlertBlock(alert: Alert, input: RenderAlertInput, t: T): string {
  const severity = alert.labels['severity'];
  const name = alert.labels['alertname'] ?? '';
  const start = Date.parse(alert.startsAt);
  const end = alert.status === 'resolved' ? Date.parse(alert.endsAt) : input.now;
  const age = Number.isNaN(start) || Number.isNaN(end) ? '?' : formatAge((end - start) / 1000);
  const when =
    alert.status === 'firing'
      ? t('alert.firing-for', { age })
      : t('alert.resolved-after', { age, start: formatUtc(start) });
  const lines = [
    `**${severity !== undefined ? `[${neutralizeMarkdown(severity)}] ` : ''}${neutralizeMarkdown(name)}** · ${when}`,
  ];
  const summary = alert.annotations['summary'] ?? alert.annotations['message'];
  if (summary !== undefined && summary !== '') lines.push(neutralizeMarkdown(clip(summary)));
  const description = alert.annotations['description'];
  if (description !== undefined && description !== '' && alert.status === 'firing')
    lines.push(neutralizeBlock(clip(description)));
  const labels = distinguishingLabels(alert, input.group);
  if (labels !== '') lines.push(labels);
  const links = [
    linkTo(t('alert.link.source'), alert.generatorURL),
    linkTo(t('alert.link.runbook'), alert.annotations['runbook_url']),
  ].filter((l): l is string => l !== undefined);
  if (links.length > 0) lines.push(links.join(' · '));
  if (alert.status === 'firing') {
    const buttons = renderButtons(input.spec.actions ?? [], alert.labels);
    if (buttons !== '') lines.push(buttons);
    const diagnosis = input.diagnoses?.get(alert.fingerprint);
    if (diagnosis !== undefined) lines.push(diagnosis);
  }
  return lines.join('\n\n');
}

function groupName(group: AlertGroup, alerts: readonly Alert[]): string {
  return (
    group.groupLabels['alertname'] ??
    group.commonLabels['alertname'] ??
    alerts[0]?.labels['alertname'] ??
    group.receiver
  );
}

function sortAlerts(alerts: readonly Alert[]): Alert[] {
  const rank = (a: Alert): number => {
    const i = SEVERITY_ORDER.indexOf(a.labels['severity'] ?? 'none');
    return i < 0 ? SEVERITY_ORDER.length : i;
  };
  return [...alerts].sort((a, b) => rank(a) - rank(b) || compareText(a.startsAt, b.startsAt));
}

/** Labels that tell this alert from the others of its group, as `name=value` in inline text. */
function distinguishingLabels(alert: Alert, group: AlertGroup): string {
  const shown = Object.entries(alert.labels)
    .filter(([k, v]) => k !== 'alertname' && k !== 'severity' && group.commonLabels[k] !== v)
    .slice(0, MAX_SHOWN_LABELS);
  return formatLabels(Object.fromEntries(shown));
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${neutralizeMarkdown(k)}=${neutralizeMarkdown(clip(v, 120))}`)
    .join(', ');
}

/** A link only for http(s) URLs, made unable to end early or carry markup; anything else is left out. */
function linkTo(text: string, url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\//i.test(url)) return undefined;
  return `[${text}](${neutralizeUrl(url)})`;
}

/** Alertmanager's own "new silence" page, pre-filled with the group's labels. */
function silenceLink(group: AlertGroup): string | undefined {
  if (!/^https?:\/\//i.test(group.externalURL)) return undefined;
  const matchers = Object.entries(group.groupLabels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (matchers.length === 0) return undefined;
  const base = group.externalURL.replace(/\/+$/, '');
  return neutralizeUrl(`${base}/#/silences/new?filter=${encodeURIComponent(`{${matchers.join(',')}}`)}`);
}

function clip(s: string, max = MAX_TEXT_CHARS): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function formatUtc(ms: number): string {
  return Number.isNaN(ms) ? '?' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
