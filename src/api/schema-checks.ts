// Small readers for untrusted JSON that record a problem (with its path) instead of throwing.

import { isRecord } from '../lib/is-record.ts';

export type Problems = string[];

export { isRecord };

/** Length in code points, as the API server counts maxLength (not UTF-16 units). */
export function countChars(text: string): number {
  return Array.from(text).length;
}

export function addProblem(problems: Problems, path: string, message: string): void {
  problems.push(`${path}: ${message}`);
}

/** An object whose fields are all known (kubectl's strict field validation rejects unknown fields too). */
export function readObject(
  value: unknown,
  path: string,
  problems: Problems,
  knownFields: readonly string[],
): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    addProblem(problems, path, 'must be an object');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!knownFields.includes(key)) addProblem(problems, `${path}.${key}`, 'unknown field');
  }
  return value;
}

export function requireField(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
): boolean {
  if (obj[key] === undefined) {
    addProblem(problems, `${path}.${key}`, 'is required');
    return false;
  }
  return true;
}

export interface StringRules {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** Human words for the pattern, e.g. "a DNS-1123 label (lowercase letters, digits, '-')". */
  readonly patternMeans?: string;
  readonly enum?: readonly string[];
}

export function readString(
  value: unknown,
  path: string,
  problems: Problems,
  rules: StringRules,
): string | undefined {
  if (typeof value !== 'string') {
    addProblem(problems, path, 'must be a string');
    return undefined;
  }
  const before = problems.length;
  const length = countChars(value);
  if (rules.minLength !== undefined && length < rules.minLength) {
    addProblem(
      problems,
      path,
      rules.minLength === 1 ? 'must not be empty' : `must be at least ${rules.minLength} characters`,
    );
  }
  if (rules.maxLength !== undefined && length > rules.maxLength) {
    addProblem(problems, path, `must be at most ${rules.maxLength} characters`);
  }
  if (rules.enum && !rules.enum.includes(value)) {
    addProblem(problems, path, `must be one of ${rules.enum.join(', ')}`);
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    addProblem(
      problems,
      path,
      `must be ${rules.patternMeans ?? `a string matching ${rules.pattern.source}`}`,
    );
  }
  return problems.length === before ? value : undefined;
}

export interface IntegerRules {
  readonly minimum?: number;
  readonly maximum?: number;
}

export function readInteger(
  value: unknown,
  path: string,
  problems: Problems,
  rules: IntegerRules,
): number | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    addProblem(problems, path, 'must be an integer');
    return undefined;
  }
  if (rules.minimum !== undefined && value < rules.minimum) {
    addProblem(problems, path, `must be at least ${rules.minimum}`);
    return undefined;
  }
  if (rules.maximum !== undefined && value > rules.maximum) {
    addProblem(problems, path, `must be at most ${rules.maximum}`);
    return undefined;
  }
  return value;
}

export function readBoolean(value: unknown, path: string, problems: Problems): boolean | undefined {
  if (typeof value !== 'boolean') {
    addProblem(problems, path, 'must be true or false');
    return undefined;
  }
  return value;
}

export interface ListRules {
  readonly minItems?: number;
  readonly maxItems: number;
  /** x-kubernetes-list-type: set — items must be unique. */
  readonly set?: boolean;
}

/** A list of strings; every item is checked so that all problems are reported at once. */
export function readStringList(
  value: unknown,
  path: string,
  problems: Problems,
  list: ListRules,
  item: StringRules,
): string[] | undefined {
  if (!Array.isArray(value)) {
    addProblem(problems, path, 'must be a list');
    return undefined;
  }
  const before = problems.length;
  if (list.minItems !== undefined && value.length < list.minItems) {
    addProblem(problems, path, `must have at least ${list.minItems} item(s)`);
  }
  if (value.length > list.maxItems) addProblem(problems, path, `must have at most ${list.maxItems} items`);
  const out: string[] = [];
  const seen = new Set<string>();
  value.forEach((raw: unknown, i) => {
    const s = readString(raw, `${path}[${i}]`, problems, item);
    if (s === undefined) return;
    if (list.set && seen.has(s)) addProblem(problems, `${path}[${i}]`, `duplicate value "${s}"`);
    seen.add(s);
    out.push(s);
  });
  return problems.length === before ? out : undefined;
}
