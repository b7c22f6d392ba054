// Parsers for the values inside chat arguments (counts, durations, names); each throws a UserFacingError.
import type { WorkloadKind } from '../api/chat-command.ts';
import { LIMITS } from '../api/limits.ts';
import { compilePattern, DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN } from '../api/patterns.ts';
import { UserFacingError } from '../errors.ts';
import type { Usage } from './usage.ts';

const SUBDOMAIN = compilePattern(DNS1123_SUBDOMAIN_PATTERN);
const LABEL = compilePattern(DNS1123_LABEL_PATTERN);

/** Echoed input is cut short: a reply should not repeat a pasted novel. */
const ECHO_MAX = 40;

/** User input as quoted back in an error message. */
export function shorten(value: string): string {
  const chars = Array.from(value);
  return chars.length <= ECHO_MAX ? value : `${chars.slice(0, ECHO_MAX - 1).join('')}…`;
}

/** Plain decimal digits only ("+3", "3.0", "1e3", "0x10" are refused); nine digits at most keep it exact. */
const COUNT = /^[0-9]{1,9}$/;

export function parseCount(raw: string, what: string): number {
  if (!COUNT.test(raw)) throw new UserFacingError('command.not-a-number', { what, value: shorten(raw) });
  return Number(raw);
}

const DURATION = /^(?:[0-9]{1,7}[smhd])+$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "30s", "10m", "2h", "1d", or a sum such as "1h30m" → seconds, within 1s–30d. */
export function parseDuration(raw: string): number {
  const text = raw.toLowerCase();
  if (!DURATION.test(text)) throw new UserFacingError('command.invalid-duration', { value: shorten(raw) });
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)([smhd])/g)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1);
  }
  if (seconds < 1 || seconds > LIMITS.sinceSecondsMax) {
    throw new UserFacingError('command.since-out-of-range', { value: shorten(raw), max: '30d' });
  }
  return seconds;
}

/** `kind/` prefixes accepted in `kind/name` (as kubectl spells them, singular, plural, short, `.apps`). */
// A Map, not an object literal: the prefix is user text, and "constructor/web" must not reach Object.prototype.
const KIND_PREFIXES: ReadonlyMap<string, WorkloadKind> = new Map([
  ['deploy', 'Deployment'],
  ['deployment', 'Deployment'],
  ['deployments', 'Deployment'],
  ['sts', 'StatefulSet'],
  ['statefulset', 'StatefulSet'],
  ['statefulsets', 'StatefulSet'],
  ['ds', 'DaemonSet'],
  ['daemonset', 'DaemonSet'],
  ['daemonsets', 'DaemonSet'],
  ['cj', 'CronJob'],
  ['cronjob', 'CronJob'],
  ['cronjobs', 'CronJob'],
]);

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly name: string;
}

/**
 * `web`, `Web`, `deploy/web`, `deployments.apps/web` → the workload. Names are compared lowercase because
 * Kubernetes names are. The kind, when given, must be the command's kind.
 */
export function parseWorkloadRef(raw: string, expectedKind: WorkloadKind, usage: Usage): WorkloadRef {
  const text = raw.toLowerCase();
  const parts = text.split('/');
  const invalid = new UserFacingError('command.invalid-name', { value: shorten(raw), usage: usage.usage });
  if (parts.length > 2) throw invalid;
  const [first = '', second] = parts;
  const name = second ?? first;
  if (second !== undefined) {
    const prefix = first.replace(/\.(apps|batch)$/, '');
    const kind = KIND_PREFIXES.get(prefix);
    if (!kind) {
      if (/^[a-z]+(\.apps|\.batch)?$/.test(first)) {
        throw new UserFacingError('command.unknown-kind', { kind: shorten(first), usage: usage.usage });
      }
      throw invalid;
    }
    if (kind !== expectedKind) {
      throw new UserFacingError('command.kind-mismatch', {
        given: kind,
        expected: expectedKind,
        usage: usage.usage,
      });
    }
  }
  if (name.length > LIMITS.nameMaxLength || !SUBDOMAIN.test(name)) throw invalid;
  return { kind: expectedKind, name };
}

/** A DNS-1123 label (container and namespace names), lowercased; undefined when it is not one. */
export function toLabelName(raw: string): string | undefined {
  const text = raw.toLowerCase();
  return text.length <= LIMITS.labelNameMaxLength && LABEL.test(text) ? text : undefined;
}
