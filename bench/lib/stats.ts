// Order statistics for benchmark figures: percentiles, median and spread, and the rounding they are shown with.

export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p25: number;
  readonly p75: number;
}

/** Linear-interpolated percentile of an ascending array (p in 0..100). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (rank - lo);
}

export function percentile(values: readonly number[] | Float64Array, p: number): number {
  return percentileSorted(Float64Array.from(values).sort(), p);
}

export function spread(values: readonly number[]): Spread {
  const s = Float64Array.from(values).sort();
  return {
    n: s.length,
    median: percentileSorted(s, 50),
    min: s[0] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
    p25: percentileSorted(s, 25),
    p75: percentileSorted(s, 75),
  };
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than two points. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return Number.NaN;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] ?? 0;
    sy += ys[i] ?? 0;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * ((ys[i] ?? 0) - my);
    den += dx * dx;
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Three significant digits at most, never exponent notation: figures meant for people. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, digits - 1 - mag);
  return v.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** "median (min–max)" for a spread, with a unit. */
export function fmtSpread(s: Spread, unit = ''): string {
  const u = unit === '' ? '' : ` ${unit}`;
  return `${fmt(s.median)}${u} (${fmt(s.min)}–${fmt(s.max)})`;
}

export const MiB = 1024 * 1024;
