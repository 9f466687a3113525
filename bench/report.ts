import { compare, type Comparison } from './comparisons.js';
import { count, fixed, markdownTable, mebibytes } from './markdown.js';
import type { ScenarioResult } from './run-scenario.js';
import type { DialectResults } from './suite.js';
import type { TargetCheck } from './targets.js';

const SCENARIO_HEADER = [
  'db', 'scenario', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'peak RSS MiB', 'CPU ms/req', 'fake AWS CPU ms/req',
  'req/s vs no-events', 'p99 vs no-events', 'req/s vs healthy', 'p99 vs healthy',
];

/** The POST /people scenarios of every database: one row each, ratios against the two baselines. */
export function scenarioTable(results: readonly DialectResults[]): string {
  const rows = results.flatMap((r) => r.scenarios.map((s) => scenarioRow(r.dialect, s, compare(s, r.scenarios))));
  return markdownTable(SCENARIO_HEADER, rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]));
}

function scenarioRow(dialect: string, s: ScenarioResult, c: Comparison): string[] {
  const { load } = s;
  return [
    dialect,
    s.scenario,
    fixed(load.requestsPerSecond, 0),
    fixed(load.latencyMs.p50, 1),
    fixed(load.latencyMs.p90, 1),
    fixed(load.latencyMs.p99, 1),
    fixed(load.latencyMs.max, 1),
    count(load.non2xx),
    count(load.errors),
    mebibytes(s.peakRssBytes),
    fixed(s.cpuMsPerRequest, 2),
    fixed(s.fakeCpuMsPerRequest, 2),
    fixed(c.vsNoEvents.throughput, 2),
    fixed(c.vsNoEvents.p99, 2),
    fixed(c.vsHealthy.throughput, 2),
    fixed(c.vsHealthy.p99, 2),
  ];
}

const FIXED_RATE_HEADER = [
  'db', 'rate req/s', 'no-events p50 ms', 'no-events p90 ms', 'no-events p99 ms', 'healthy p50 ms', 'healthy p90 ms', 'healthy p99 ms',
  'p50 vs no-events', 'p99 vs no-events', 'no-events CPU ms/req', 'healthy CPU ms/req', 'no-events main thread CPU ms/req',
  'healthy main thread CPU ms/req', 'non-2xx', 'errors',
];

/** no-events and outbox-healthy at the same paced rate: the outbox's cost in latency, below saturation. */
export function fixedRateTable(results: readonly DialectResults[]): string {
  const rows = results.map(({ dialect, fixedRate: f }) => [
    dialect,
    fixed(f.rate, 0),
    fixed(f.noEvents.latencyMs.p50, 1),
    fixed(f.noEvents.latencyMs.p90, 1),
    fixed(f.noEvents.latencyMs.p99, 1),
    fixed(f.healthy.latencyMs.p50, 1),
    fixed(f.healthy.latencyMs.p90, 1),
    fixed(f.healthy.latencyMs.p99, 1),
    fixed(f.p50Ratio, 2),
    fixed(f.p99Ratio, 2),
    fixed(f.noEventsCpuMsPerRequest, 2),
    fixed(f.healthyCpuMsPerRequest, 2),
    fixed(f.noEventsMainThreadCpuMsPerRequest, 2),
    fixed(f.healthyMainThreadCpuMsPerRequest, 2),
    count(f.noEvents.non2xx + f.healthy.non2xx),
    count(f.noEvents.errors + f.healthy.errors),
  ]);
  return markdownTable(FIXED_RATE_HEADER, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]));
}

const BACKGROUND_HEADER = [
  'db', 'lag rate req/s', 'lag p50 ms', 'lag p99 ms', 'after 201 p50 ms', 'after 201 p99 ms', 'lag <= 50 ms (/metrics)', 'msgs per PublishBatch', 'PublishBatch mean ms', 'drain backlog', 'drain msg/s',
  'one-at-a-time msg/s', 'drain ratio', 'pending rows', 'RSS idle MiB', 'RSS pending MiB', 'RSS ratio',
];

/** Delivery lag, drain rate and memory of every database. */
export function backgroundTable(results: readonly DialectResults[]): string {
  const rows = results.map((r) => {
    const { deliveryLag: lag, drain, memory } = r;
    const share = lag.metricsShareUnder50ms === null ? 'n/a' : `${(lag.metricsShareUnder50ms * 100).toFixed(1)} %`;
    const partial = (complete: boolean): string => (complete ? '' : '*');
    return [
      r.dialect,
      fixed(lag.load.requestsPerSecond, 0),
      fixed(lag.lagMs.p50, 0),
      fixed(lag.lagMs.p99, 0),
      fixed(lag.afterResponseMs.p50, 0),
      fixed(lag.afterResponseMs.p99, 0),
      share,
      fixed(lag.publish.messagesPerRequest, 1),
      fixed(lag.publish.meanMs, 1),
      count(drain.configured.backlog),
      fixed(drain.configured.messagesPerSecond, 0) + partial(drain.configured.complete),
      fixed(drain.oneAtATime.messagesPerSecond, 1) + partial(drain.oneAtATime.complete),
      fixed(drain.ratio, 1),
      count(memory.pending),
      mebibytes(memory.idle.maxRssBytes),
      mebibytes(memory.withBacklog.maxRssBytes),
      fixed(memory.ratio, 2),
    ];
  });
  return markdownTable(BACKGROUND_HEADER, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]));
}

export function targetTable(checks: readonly TargetCheck[]): string {
  const verdict = (met: boolean | null): string => (met === null ? 'not measured' : met ? 'met' : '**NOT MET**');
  return markdownTable(['db', 'target', 'measured', 'verdict'], checks.map((c) => [c.dialect, c.target, c.actual, verdict(c.met)]), new Set([2]));
}
