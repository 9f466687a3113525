import { cpuMsPerRequest, type Contender } from './contender.js';
import { summarize, type LoadFigures } from './load.js';
import { alternate } from './paired.js';

export interface FixedRateOptions {
  /** Requests per second, evenly paced (see paced-load.ts). */
  readonly rate: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly segmentSeconds: number;
  readonly rounds: number;
}

export interface FixedRateFigures {
  readonly rate: number;
  readonly noEvents: LoadFigures;
  readonly healthy: LoadFigures;
  /** Server CPU per request (outbox-healthy: dispatcher included, until its events were published). */
  readonly noEventsCpuMsPerRequest: number | null;
  readonly healthyCpuMsPerRequest: number | null;
  /** The same, of the server's main thread alone (the event loop that answers HTTP). */
  readonly noEventsMainThreadCpuMsPerRequest: number | null;
  readonly healthyMainThreadCpuMsPerRequest: number | null;
  /** outbox-healthy / no-events, from the same alternating segments. */
  readonly p50Ratio: number | null;
  readonly p99Ratio: number | null;
}

/**
 * POST /people on no-events and outbox-healthy at the same moderate, evenly paced rate, in
 * alternating segments: what the outbox adds to a request's latency when the machine is not
 * saturated (at full load the scenario table shows what it costs in throughput instead).
 * Each side's latency is measured from each request's due time, so waiting counts.
 */
export async function measureFixedRate(noEvents: Contender, healthy: Contender, options: FixedRateOptions): Promise<FixedRateFigures> {
  const paced = (seconds: number): { rate: number; connections: number; durationSeconds: number } => ({
    rate: options.rate,
    connections: options.connections,
    durationSeconds: seconds,
  });
  await noEvents.runPaced(paced(options.warmupSeconds));
  await healthy.runPaced(paced(options.warmupSeconds));
  const runs = await alternate(noEvents, healthy, options.rounds, (contender) => contender.runPaced(paced(options.segmentSeconds)));
  const floor = summarize(runs.a);
  const product = summarize(runs.b);
  const divide = (x: number, y: number): number | null => (Number.isFinite(x) && Number.isFinite(y) && y > 0 ? x / y : null);
  return {
    rate: options.rate,
    noEvents: floor,
    healthy: product,
    noEventsCpuMsPerRequest: cpuMsPerRequest(runs.a, 'serverCpuSeconds'),
    healthyCpuMsPerRequest: cpuMsPerRequest(runs.b, 'serverCpuSeconds'),
    noEventsMainThreadCpuMsPerRequest: cpuMsPerRequest(runs.a, 'serverMainThreadCpuSeconds'),
    healthyMainThreadCpuMsPerRequest: cpuMsPerRequest(runs.b, 'serverMainThreadCpuSeconds'),
    p50Ratio: divide(product.latencyMs.p50, floor.latencyMs.p50),
    p99Ratio: divide(product.latencyMs.p99, floor.latencyMs.p99),
  };
}
