// The CRD's x-kubernetes-validations (CEL) rules run over a structurally valid value, as the API server runs them.
import type { Environment, ParseResult } from '@marcbachmann/cel-js';
import { createKubernetesCelEnvironment } from './kubernetes-cel-library.ts';
import type { StructuralSchema, ValidationRule } from './structural-schema.ts';
import { isRecord } from '../../lib/is-record.ts';

export interface RuleProblem {
  readonly path: string;
  readonly message: string;
}

let environment: Environment | undefined;
const programs = new Map<string, ParseResult>();

/** The rule parsed once per process; throws on a syntax error or a function the environment lacks. */
export function compileRule(rule: string): ParseResult {
  let program = programs.get(rule);
  if (!program) {
    environment ??= createKubernetesCelEnvironment();
    program = environment.parse(rule);
    const check = program.check();
    if (!check.valid) throw check.error ?? new Error(`rule does not type-check: ${rule}`);
    programs.set(rule, program);
  }
  return program;
}

/**
 * Transition rules (those reading oldSelf) run only on updates; offline checks are creates, so they are skipped
 * unless the rule says optionalOldSelf (then oldSelf is an absent optional, which cel-js cannot express yet).
 */
export function isTransitionRule(rule: ValidationRule): boolean {
  return /\boldSelf\b/.test(rule.rule);
}

/** Every failing rule in value (already defaulted and structurally valid), with the path the API server gives. */
export function evaluateRules(schema: StructuralSchema, value: unknown, path: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  visit(schema, value, path, problems);
  return problems;
}

function visit(schema: StructuralSchema, value: unknown, path: string, problems: RuleProblem[]): void {
  if (value === undefined || value === null) return;
  // The node's own rules first, then its children, in the order the API server's validator walks.
  const rules = schema['x-kubernetes-validations'] ?? [];
  if (rules.length > 0) {
    const self = toCel(schema, value);
    for (const rule of rules) {
      if (isTransitionRule(rule)) continue;
      const at = rule.fieldPath ? `${path}${rule.fieldPath}` : path;
      const message = rule.message ?? `failed rule: ${rule.rule}`;
      let result: unknown;
      try {
        result = compileRule(rule.rule)({ self });
      } catch (err) {
        problems.push({
          path: at,
          message: `${message} (the rule could not be evaluated: ${describe(err)})`,
        });
        continue;
      }
      if (result !== true) problems.push({ path: at, message });
    }
  }
  if (isRecord(value)) {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      visit(sub, value[key], path === '' ? key : `${path}.${key}`, problems);
    }
    if (typeof schema.additionalProperties === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (!(key in (schema.properties ?? {}))) {
          visit(schema.additionalProperties, v, `${path}[${JSON.stringify(key)}]`, problems);
        }
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    value.forEach((v, i) => visit(items, v, `${path}[${i}]`, problems));
  }
}

/** JSON → CEL values by the schema: integers become int (bigint), other numbers double, as the API server types them. */
export function toCel(schema: StructuralSchema | undefined, value: unknown): unknown {
  if (typeof value === 'number') {
    const isInt = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true;
    return isInt && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub =
        schema?.properties?.[k] ??
        (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      out[k] = toCel(sub, v);
    }
    return out;
  }
  return value;
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
