/** Reads one histogram from a Prometheus text exposition (no labels besides `le`). */
export interface HistogramSnapshot {
  readonly count: number;
  /** Cumulative count per upper bound (seconds), ascending; +Inf last. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
}

export function parseHistogram(text: string, name: string): HistogramSnapshot | undefined {
  const buckets: { le: number; count: number }[] = [];
  let count: number | undefined;
  for (const line of text.split('\n')) {
    const bucket = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`).exec(line);
    if (bucket?.[1] !== undefined && bucket[2] !== undefined) {
      buckets.push({ le: bucket[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(bucket[1]), count: Number(bucket[2]) });
      continue;
    }
    const total = new RegExp(`^${name}_count (\\S+)$`).exec(line);
    if (total?.[1] !== undefined) count = Number(total[1]);
  }
  if (count === undefined) return undefined;
  return { count, buckets: buckets.sort((a, b) => a.le - b.le) };
}

/** Share of observations at or under `le` seconds (`le` must be a bucket bound). */
export function shareAtOrBelow(histogram: HistogramSnapshot, le: number): number | null {
  const bucket = histogram.buckets.find((b) => b.le === le);
  if (!bucket || histogram.count === 0) return null;
  return bucket.count / histogram.count;
}

/** Differences of two snapshots of one histogram (observations made between them). */
export function histogramDelta(after: HistogramSnapshot, before: HistogramSnapshot | undefined): HistogramSnapshot {
  if (!before) return after;
  return {
    count: after.count - before.count,
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (before.buckets.find((x) => x.le === b.le)?.count ?? 0) })),
  };
}


/** The value of one sample, e.g. `sampleValue(text, 'x_count', { outcome: 'success' })`; 0 when absent. */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',').filter((l) => l !== '');
    if (wanted.every((label) => present.includes(label)) && present.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

export async function fetchMetrics(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return response.ok ? response.text() : '';
}
