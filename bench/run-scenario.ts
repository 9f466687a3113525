import { stackFor, type BenchContext } from './context.js';
import { Contender, cpuMsPerRequest } from './contender.js';
import type { Dialect } from './database.js';
import { summarize, type LoadFigures } from './load.js';
import { readMemory } from './proc-memory.js';
import { scenario, type ScenarioName } from './scenarios.js';
import { withStack, type StackOptions } from './stack.js';

export interface RunScenarioOptions extends BenchContext {
  readonly scenario: ScenarioName;
  readonly connections: number;
  /** Unmeasured load before the measurement (JIT, pools, credentials). */
  readonly warmupSeconds: number;
  /** Measure for this long, or for `amount` requests. */
  readonly durationSeconds?: number;
  readonly amount?: number;
}

export interface ScenarioResult {
  readonly scenario: ScenarioName;
  readonly dialect: Dialect;
  readonly load: LoadFigures;
  /** VmHWM of the server after its measurement: its peak RSS over its life. */
  readonly peakRssBytes: number | null;
  /** Server CPU time (user + system, dispatcher included) per answered request, ms. */
  readonly cpuMsPerRequest: number | null;
  /** The fake AWS's CPU time per answered request, ms: work a real SNS would do elsewhere. */
  readonly fakeCpuMsPerRequest: number | null;
  /** The baseline server measured in alternation with this one, and its figures in those segments. */
  readonly pairedWith?: { readonly scenario: ScenarioName; readonly load: LoadFigures; readonly cpuMsPerRequest: number | null };
}

/** The stack a scenario runs on: server variant, fake SNS behaviour, events on or off. */
export function scenarioStack(context: BenchContext, name: ScenarioName): StackOptions {
  const spec = scenario(name);
  return {
    ...stackFor(context, spec.name),
    ...(spec.variant === 'inline-await' ? { entry: 'inline-await' as const } : {}),
    faults: spec.faults,
    snsDown: spec.snsDown,
    eventsEnabled: spec.eventsEnabled,
  };
}

export function peakRss(contender: Contender): number | null {
  return readMemory(contender.stack.server.pid)?.peakRssBytes ?? null;
}

/** One POST /people scenario on its own, against a freshly started server that is stopped afterwards. */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioResult> {
  const spec = scenario(options.scenario);
  return withStack(scenarioStack(options, spec.name), async (stack) => {
    const contender = new Contender(stack, spec.deliversInBackground);
    const load = { connections: options.connections };
    if (options.warmupSeconds > 0) await contender.run({ ...load, durationSeconds: options.warmupSeconds }, false);
    await contender.run(options.amount === undefined ? { ...load, durationSeconds: options.durationSeconds ?? 10 } : { ...load, amount: options.amount }, true);
    return {
      scenario: spec.name,
      dialect: options.dialect,
      load: summarize(contender.measured),
      peakRssBytes: peakRss(contender),
      cpuMsPerRequest: cpuMsPerRequest(contender.measured, 'serverCpuSeconds'),
      fakeCpuMsPerRequest: cpuMsPerRequest(contender.measured, 'fakeCpuSeconds'),
    };
  });
}
