export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentiles of `values` (NaN when there are none). */
export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  const at = (p: number): number => (count === 0 ? Number.NaN : (sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)] ?? Number.NaN));
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count, p50: at(50), p90: at(90), p99: at(99), max: count === 0 ? Number.NaN : (sorted[count - 1] ?? Number.NaN), mean: count === 0 ? Number.NaN : sum / count };
}
