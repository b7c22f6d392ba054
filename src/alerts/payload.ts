// Alertmanager's webhook payload (version 4): its shape, and the checks that turn untrusted JSON into it.
import { isRecord } from '../lib/is-record.ts';

export interface Alert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** RFC 3339. */
  readonly startsAt: string;
  /** RFC 3339; Alertmanager sends the zero time "0001-01-01T00:00:00Z" while an alert fires. */
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

export interface AlertGroup {
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly alerts: readonly Alert[];
}

export type ParsedPayload =
  { readonly ok: true; readonly group: AlertGroup } | { readonly ok: false; readonly problem: string };

/** Caps on what one payload may hold: far above what Alertmanager sends, low enough to bound our work. */
export const PAYLOAD_LIMITS = {
  alerts: 5_000,
  labelsPerAlert: 64,
  keyChars: 256,
  valueChars: 16_384,
  idChars: 4_096,
} as const;

type Obj = Record<string, unknown>;
const isObj = isRecord;

/** Parses a raw body; every refusal names the first field that is wrong (the body itself is never echoed). */
export function parseAlertmanagerPayload(raw: Buffer): ParsedPayload {
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
  try {
    return { ok: true, group: readGroup(v) };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, problem: err.message };
    throw err;
  }
}

class ShapeError extends Error {}

function readGroup(v: unknown): AlertGroup {
  if (!isObj(v)) throw new ShapeError('body is not a JSON object');
  if (v['version'] !== '4') throw new ShapeError('version must be "4" (Alertmanager webhook payload)');
  const alerts = v['alerts'];
  if (!Array.isArray(alerts)) throw new ShapeError('alerts must be an array');
  if (alerts.length > PAYLOAD_LIMITS.alerts)
    throw new ShapeError(`alerts: more than ${PAYLOAD_LIMITS.alerts} (set max_alerts in Alertmanager)`);
  const truncated = v['truncatedAlerts'] ?? 0;
  if (typeof truncated !== 'number' || !Number.isInteger(truncated) || truncated < 0)
    throw new ShapeError('truncatedAlerts must be a whole number');
  return {
    version: '4',
    groupKey: str(v, 'groupKey', PAYLOAD_LIMITS.idChars, true),
    truncatedAlerts: truncated,
    status: status(v, 'status'),
    receiver: str(v, 'receiver', PAYLOAD_LIMITS.idChars),
    groupLabels: labels(v, 'groupLabels'),
    commonLabels: labels(v, 'commonLabels'),
    commonAnnotations: labels(v, 'commonAnnotations'),
    externalURL: str(v, 'externalURL', PAYLOAD_LIMITS.idChars),
    alerts: alerts.map((a, i) => readAlert(a, i)),
  };
}

function readAlert(a: unknown, i: number): Alert {
  if (!isObj(a)) throw new ShapeError(`alerts[${i}] is not an object`);
  try {
    return {
      status: status(a, 'status'),
      labels: labels(a, 'labels'),
      annotations: labels(a, 'annotations'),
      startsAt: str(a, 'startsAt', 64),
      endsAt: str(a, 'endsAt', 64),
      generatorURL: str(a, 'generatorURL', PAYLOAD_LIMITS.idChars),
      fingerprint: str(a, 'fingerprint', 64),
    };
  } catch (err) {
    if (err instanceof ShapeError) throw new ShapeError(`alerts[${i}].${err.message}`);
    throw err;
  }
}

function str(o: Obj, key: string, max: number, required = false): string {
  const v = o[key];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string') throw new ShapeError(`${key} must be a string`);
  if (v.length > max) throw new ShapeError(`${key} is longer than ${max} characters`);
  return v;
}

function status(o: Obj, key: string): 'firing' | 'resolved' {
  const v = o[key];
  if (v !== 'firing' && v !== 'resolved') throw new ShapeError(`${key} must be "firing" or "resolved"`);
  return v;
}

function labels(o: Obj, key: string): Readonly<Record<string, string>> {
  const v = o[key];
  if (v === undefined) return {};
  if (!isObj(v)) throw new ShapeError(`${key} must be an object of strings`);
  const entries = Object.entries(v);
  if (entries.length > PAYLOAD_LIMITS.labelsPerAlert)
    throw new ShapeError(`${key} has more than ${PAYLOAD_LIMITS.labelsPerAlert} entries`);
  // A null-prototype record: a label named "__proto__" or "constructor" is just a label.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, val] of entries) {
    if (typeof val !== 'string') throw new ShapeError(`${key}.${k.slice(0, 64)} must be a string`);
    if (k.length > PAYLOAD_LIMITS.keyChars || val.length > PAYLOAD_LIMITS.valueChars)
      throw new ShapeError(`${key}.${k.slice(0, 64)} is too long`);
    out[k] = val;
  }
  return out;
}
