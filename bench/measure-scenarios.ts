import { Contender, cpuMsPerRequest, type MeasuredRun } from './contender.js';
import type { Dialect } from './database.js';
import { summarize } from './load.js';
import { alternate } from './paired.js';
import type { Profile } from './profile.js';
import { peakRss, type ScenarioResult } from './run-scenario.js';
import { SCENARIOS, type ScenarioName, type ScenarioSpec } from './scenarios.js';
import type { OpenStack } from './stack.js';

export type Step = <T>(name: string, run: () => Promise<T>) => Promise<T>;

export interface Challenger {
  readonly spec: ScenarioSpec;
  readonly stack: OpenStack;
}

/**
 * The POST /people scenarios. outbox-healthy is the baseline: each other scenario is measured in
 * alternating segments with it (see paired.ts), then its server is stopped. outbox-healthy's own
 * figures are all of its segments.
 */
export async function measureScenarios(
  healthy: Contender,
  challengers: readonly Challenger[],
  profile: Profile,
  dialect: Dialect,
  step: Step,
): Promise<ScenarioResult[]> {
  const warmup = { connections: profile.connections, durationSeconds: profile.warmupSeconds };
  await healthy.run({ ...warmup, durationSeconds: profile.baselineWarmupSeconds }, false);
  const results = new Map<ScenarioName, ScenarioResult>();
  for (const { spec, stack } of challengers) {
    results.set(
      spec.name,
      await step(spec.name, async () => {
        const challenger = new Contender(stack, spec.deliversInBackground);
        await challenger.run(warmup, false);
        const runs = await alternate(challenger, healthy, profile.rounds, (contender) =>
          contender.run({ connections: profile.connections, durationSeconds: profile.segmentSeconds }, true),
        );
        const result = toResult(spec.name, dialect, runs.a, challenger, { scenario: 'outbox-healthy', runs: runs.b });
        await stack.close();
        return result;
      }),
    );
  }
  results.set('outbox-healthy', toResult('outbox-healthy', dialect, healthy.measured, healthy));
  return SCENARIOS.flatMap((s) => results.get(s.name) ?? []);
}

function toResult(
  scenario: ScenarioName,
  dialect: Dialect,
  runs: readonly MeasuredRun[],
  contender: Contender,
  paired?: { scenario: ScenarioName; runs: readonly MeasuredRun[] },
): ScenarioResult {
  return {
    scenario,
    dialect,
    load: summarize(runs),
    peakRssBytes: peakRss(contender),
    cpuMsPerRequest: cpuMsPerRequest(runs, 'serverCpuSeconds'),
    fakeCpuMsPerRequest: cpuMsPerRequest(runs, 'fakeCpuSeconds'),
    ...(paired ? { pairedWith: { scenario: paired.scenario, load: summarize(paired.runs), cpuMsPerRequest: cpuMsPerRequest(paired.runs, 'serverCpuSeconds') } } : {}),
  };
}
