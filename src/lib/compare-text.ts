// Ordering of names and identifiers for lists and status: by UTF-16 code unit, not by locale.

/**
 * The same order on every machine, whatever its locale or ICU build, and without touching ICU's collation data:
 * `localeCompare` pulls it in on first use, about 3 MiB of resident memory for the life of the process
 * (docs/benchmarks.md, issue 16). What is sorted here is Kubernetes names, triggers (lowercase letters, digits,
 * CJK), condition types and timestamps, where a locale's order adds nothing.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
