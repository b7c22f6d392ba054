// The CEL environment of x-kubernetes-validations: the standard library of @marcbachmann/cel-js plus the Kubernetes
// extension functions it lacks (strings, regex, lists, URLs), registered by hand and tested in
// test/unit/api/crd/kubernetes-cel-library.test.ts. Quantity, IP/CIDR, sets and format() are not registered: a
// rule calling one fails to compile, and the CRD's unit test (every rule compiles) names it.
import { Environment } from '@marcbachmann/cel-js';

/** Builds the environment once per process; rules are parsed against it and cached by their text. */
export function createKubernetesCelEnvironment(): Environment {
  return (
    new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
      // Kubernetes strings extension (cel-go ext.Strings), where the library has no built-in.
      .registerFunction('string.charAt(int): string', (s: string, i: bigint) => charAt(s, i))
      .registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) =>
        s.split(a).join(b),
      )
      .registerFunction('string.reverse(): string', (s: string) => Array.from(s).reverse().join(''))
      // Kubernetes regex library: find and findAll.
      .registerFunction(
        'string.find(string): string',
        (s: string, re: string) => new RegExp(re, 'u').exec(s)?.[0] ?? '',
      )
      .registerFunction('string.findAll(string): list<string>', (s: string, re: string) =>
        Array.from(s.matchAll(new RegExp(re, 'gu')), (m) => m[0]),
      )
      // Kubernetes lists library.
      .registerFunction('list.isSorted(): bool', (l: unknown[]) =>
        l.every((v, i) => i === 0 || compare(l[i - 1], v) <= 0),
      )
      .registerFunction('list.indexOf(dyn): int', (l: unknown[], v: unknown) =>
        BigInt(l.findIndex((x) => same(x, v))),
      )
      .registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) =>
        BigInt(l.findLastIndex((x) => same(x, v))),
      )
      .registerFunction('list.sum(): dyn', (l: unknown[]) => sum(l))
      .registerFunction('list.min(): dyn', (l: unknown[]) => extreme(l, -1))
      .registerFunction('list.max(): dyn', (l: unknown[]) => extreme(l, 1))
      // Kubernetes URL library: isURL only (url() returns a URL object the rules would then query).
      .registerFunction('isURL(string): bool', (s: string) => isUrl(s))
  );
}

function charAt(s: string, index: bigint): string {
  const chars = Array.from(s);
  const i = Number(index);
  if (i < 0 || i > chars.length) throw new Error(`index out of range: ${i}`);
  return chars[i] ?? '';
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a, bigintJson) === JSON.stringify(b, bigintJson);
}

function bigintJson(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new Error('isSorted/min/max need a list of numbers or strings');
}

function sum(l: unknown[]): unknown {
  if (l.length === 0) return 0n;
  if (l.every((v) => typeof v === 'bigint')) return l.reduce((a, b) => a + b, 0n);
  if (l.every((v) => typeof v === 'number')) return l.reduce((a, b) => a + b, 0);
  throw new Error('sum needs a list of ints or of doubles');
}

function extreme(l: unknown[], sign: 1 | -1): unknown {
  if (l.length === 0) throw new Error('min/max of an empty list');
  return l.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best));
}

/** Kubernetes' isURL: an absolute URL or an absolute path, as Go's url.Parse accepts them. */
function isUrl(s: string): boolean {
  if (s.startsWith('/')) return !/\s/.test(s);
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
}
