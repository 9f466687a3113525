import type { LoadFigures } from './load.js';
import type { ScenarioResult } from './run-scenario.js';

export interface Ratios {
  readonly throughput: number | null;
  readonly p99: number | null;
}

export interface Comparison {
  /** Against no-events: paired segments for outbox-healthy, whole figures for the others. */
  readonly vsNoEvents: Ratios;
  /** Against outbox-healthy, from the segments measured in alternation with this scenario. */
  readonly vsHealthy: Ratios;
}

function ratios(a: LoadFigures | undefined, b: LoadFigures | undefined): Ratios {
  const divide = (x: number | undefined, y: number | undefined): number | null =>
    x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) || y === 0 ? null : x / y;
  return { throughput: divide(a?.requestsPerSecond, b?.requestsPerSecond), p99: divide(a?.latencyMs.p99, b?.latencyMs.p99) };
}

const SAME: Ratios = { throughput: 1, p99: 1 };

/** The ratios of one scenario to the two baselines, preferring figures measured side by side. */
export function compare(result: ScenarioResult, all: readonly ScenarioResult[]): Comparison {
  const noEvents = all.find((s) => s.scenario === 'no-events');
  const healthy = all.find((s) => s.scenario === 'outbox-healthy');
  if (result.scenario === 'outbox-healthy') {
    return { vsNoEvents: ratios(noEvents?.pairedWith?.load ?? healthy?.load, noEvents?.load), vsHealthy: SAME };
  }
  return {
    vsNoEvents: result.scenario === 'no-events' ? SAME : ratios(result.load, noEvents?.load),
    vsHealthy: ratios(result.load, result.pairedWith?.load ?? healthy?.load),
  };
}
