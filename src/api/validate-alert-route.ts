// validateAlertRoute: untrusted input (a watched object, a YAML file) → an AlertRoute, or every problem found.
// Kept in its own file so a CRD-driven validator can replace the schema half; the matcher and template checks
// (which CEL cannot express) stay here.
import { isRecord } from '../lib/is-record.ts';
import { parseMatcher } from '../alerts/matchers.ts';
import {
  ACTION_COMMAND_PATTERN,
  ALERT_ROUTE_KIND,
  ALERT_ROUTE_LIMITS as L,
  type AlertRoute,
  type AlertRouteSpec,
} from './alert-route.ts';

export type AlertRouteValidation =
  | { readonly ok: true; readonly route: AlertRoute }
  | { readonly ok: false; readonly problems: readonly string[] };

const isObj = isRecord;
const PRINTABLE_ID = /^[!-~]+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const COMMAND = new RegExp(ACTION_COMMAND_PATTERN);

export function validateAlertRoute(input: unknown): AlertRouteValidation {
  const problems: string[] = [];
  if (!isObj(input)) return { ok: false, problems: ['not an object'] };
  const meta = isObj(input['metadata']) ? input['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  if (name === '') problems.push('metadata.name is required');
  if (input['kind'] !== undefined && input['kind'] !== ALERT_ROUTE_KIND)
    problems.push(`kind must be ${ALERT_ROUTE_KIND}`);
  const spec = input['spec'];
  if (!isObj(spec)) return { ok: false, problems: [...problems, 'spec is required'] };
  checkMatch(spec['match'], problems);
  checkTo(spec['to'], problems);
  checkMentions(spec['mentions'], problems);
  checkActions(spec['actions'], problems);
  if (spec['locale'] !== undefined && spec['locale'] !== 'en' && spec['locale'] !== 'zh-CN')
    problems.push('spec.locale must be en or zh-CN');
  if (spec['diagnose'] !== undefined && typeof spec['diagnose'] !== 'boolean')
    problems.push('spec.diagnose must be true or false');
  if (problems.length > 0) return { ok: false, problems };
  const route: AlertRoute = {
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: ALERT_ROUTE_KIND,
    metadata: {
      name,
      namespace,
      ...(typeof meta['uid'] === 'string' ? { uid: meta['uid'] } : {}),
      ...(typeof meta['generation'] === 'number' ? { generation: meta['generation'] } : {}),
    },
    spec: spec as unknown as AlertRouteSpec,
  };
  return { ok: true, route };
}

function checkMatch(v: unknown, problems: string[]): void {
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length > L.matchers) {
    problems.push(`spec.match must be a list of at most ${L.matchers} matchers`);
    return;
  }
  v.forEach((m, i) => {
    if (typeof m !== 'string') return void problems.push(`spec.match[${i}] must be a string`);
    const parsed = parseMatcher(m);
    if (!parsed.ok) problems.push(`spec.match[${i}]: ${parsed.problem}`);
  });
}

function checkTo(v: unknown, problems: string[]): void {
  if (!isObj(v)) return void problems.push('spec.to is required');
  const conv = v['conversationId'];
  const robot = v['robot'];
  if ((conv === undefined) === (robot === undefined))
    problems.push('spec.to needs exactly one of conversationId or robot');
  if (conv !== undefined) checkId(conv, 'spec.to.conversationId', problems);
  if (robot !== undefined) {
    const secretName = isObj(robot) ? robot['secretName'] : undefined;
    if (typeof secretName !== 'string' || !DNS_SUBDOMAIN.test(secretName) || secretName.length > 253)
      problems.push('spec.to.robot.secretName must be a Secret name of this namespace');
  }
}

function checkMentions(v: unknown, problems: string[]): void {
  if (v === undefined) return;
  if (!isObj(v)) return void problems.push('spec.mentions must be an object');
  if (v['staffIds'] !== undefined) checkIds(v['staffIds'], 'spec.mentions.staffIds', problems);
  const bySeverity = v['bySeverity'];
  if (bySeverity !== undefined) {
    if (!isObj(bySeverity) || Object.keys(bySeverity).length > L.severities)
      problems.push(`spec.mentions.bySeverity must map at most ${L.severities} severities to staff ids`);
    else
      for (const [k, ids] of Object.entries(bySeverity))
        checkIds(ids, `spec.mentions.bySeverity.${k}`, problems);
  }
  const byLabel = v['byLabel'];
  if (byLabel !== undefined) {
    if (!isObj(byLabel)) return void problems.push('spec.mentions.byLabel must be an object');
    if (typeof byLabel['label'] !== 'string' || !LABEL_NAME.test(byLabel['label']))
      problems.push('spec.mentions.byLabel.label must be a label name');
    const map = byLabel['staffIds'];
    if (!isObj(map) || Object.keys(map).length > L.owners)
      problems.push(`spec.mentions.byLabel.staffIds must map at most ${L.owners} label values to staff ids`);
    else
      for (const [k, ids] of Object.entries(map))
        checkIds(ids, `spec.mentions.byLabel.staffIds.${k}`, problems);
  }
}

function checkActions(v: unknown, problems: string[]): void {
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length > L.actions)
    return void problems.push(`spec.actions must be a list of at most ${L.actions} buttons`);
  v.forEach((a, i) => {
    const at = `spec.actions[${i}]`;
    if (!isObj(a)) return void problems.push(`${at} must be an object`);
    const title = a['title'];
    if (typeof title !== 'string' || title.trim() === '' || title.length > L.actionTitleChars)
      problems.push(`${at}.title must be 1 to ${L.actionTitleChars} characters`);
    const command = a['command'];
    if (typeof command !== 'string' || command.length > L.actionCommandChars || !COMMAND.test(command))
      problems.push(
        `${at}.command must be one line of at most ${L.actionCommandChars} characters whose only placeholders are {{ labels.NAME }}`,
      );
  });
}

function checkIds(v: unknown, at: string, problems: string[]): void {
  if (!Array.isArray(v) || v.length === 0 || v.length > L.staffIds)
    return void problems.push(`${at} must be a list of 1 to ${L.staffIds} staff ids`);
  v.forEach((id, i) => checkId(id, `${at}[${i}]`, problems));
}

function checkId(v: unknown, at: string, problems: string[]): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > L.idChars || !PRINTABLE_ID.test(v))
    problems.push(`${at} must be printable ASCII without spaces, 1 to ${L.idChars} characters`);
}
