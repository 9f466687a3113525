import type { DialectResults } from './suite.js';
import type { ScenarioName } from './scenarios.js';
import type { ScenarioResult } from './run-scenario.js';
import { compare } from './comparisons.js';

export interface TargetCheck {
  readonly dialect: string;
  readonly target: string;
  readonly actual: string;
  /** null: the figure is missing, so the target could not be judged. */
  readonly met: boolean | null;
}

const DEGRADED: readonly ScenarioName[] = ['outbox-sns-slow', 'outbox-sns-hang', 'outbox-sns-down'];

/** The targets, judged from one database's figures. The bench reports; it never fails on them. */
export function checkTargets(results: DialectResults): TargetCheck[] {
  const { dialect } = results;
  const find = (name: ScenarioName): ScenarioResult | undefined => results.scenarios.find((s) => s.scenario === name);
  const checks: TargetCheck[] = [];
  const add = (target: string, value: number | null | undefined, limit: number, atMost: boolean, unit = 'x'): void => {
    const known = value !== null && value !== undefined && Number.isFinite(value);
    checks.push({
      dialect,
      target,
      actual: known ? `${value.toFixed(2)}${unit}` : 'n/a',
      met: known ? (atMost ? value <= limit : value >= limit) : null,
    });
  };
  const healthy = find('outbox-healthy');
  const vsFloor = healthy ? compare(healthy, results.scenarios).vsNoEvents : undefined;
  add('outbox-healthy req/s >= 0.85 x no-events', vsFloor?.throughput, 0.85, false);
  add('outbox-healthy p99 <= 1.25 x no-events', vsFloor?.p99, 1.25, true);
  for (const name of DEGRADED) {
    const degraded = find(name);
    add(`${name} p99 <= 1.2 x outbox-healthy`, degraded ? compare(degraded, results.scenarios).vsHealthy.p99 : null, 1.2, true);
    const failures = degraded ? degraded.load.non2xx + degraded.load.errors : null;
    checks.push({ dialect, target: `${name} zero non-2xx and errors`, actual: failures === null ? 'n/a' : String(failures), met: failures === null ? null : failures === 0 });
  }
  add(`delivery lag p99 <= 50 ms at ${results.deliveryLag.rate} req/s`, results.deliveryLag.lagMs.p99, 50, true, ' ms');
  add('drain rate >= 5 x one-at-a-time', results.drain.ratio, 5, false);
  add(`RSS with ${results.memory.pending.toLocaleString('en-US')} pending <= 1.2 x idle`, results.memory.ratio, 1.2, true);
  return checks;
}
