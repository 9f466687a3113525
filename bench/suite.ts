import os from 'node:os';
import { stackFor, type BenchContext } from './context.js';
import { Contender } from './contender.js';
import type { Dialect } from './database.js';
import { measureDeliveryLag, type DeliveryLagFigures } from './delivery-lag.js';
import { measureDrain, ONE_AT_A_TIME, type DrainFigures } from './drain-rate.js';
import { measureFixedRate, type FixedRateFigures } from './fixed-rate.js';
import { measureScenarios, type Step } from './measure-scenarios.js';
import { measureMemory, type MemoryFigures } from './memory.js';
import type { Profile } from './profile.js';
import { scenarioStack, type ScenarioResult } from './run-scenario.js';
import { SCENARIOS, type ScenarioName } from './scenarios.js';
import { withStack, withStacks, type StackOptions } from './stack.js';

export interface DialectResults {
  readonly dialect: Dialect;
  readonly scenarios: readonly ScenarioResult[];
  readonly fixedRate: FixedRateFigures;
  readonly deliveryLag: DeliveryLagFigures;
  readonly drain: { readonly configured: DrainFigures; readonly oneAtATime: DrainFigures; readonly ratio: number | null };
  readonly memory: MemoryFigures;
  /** 1-minute load average when each step started: a busy machine makes every figure suspect. */
  readonly loadAverages: Record<string, number>;
}

/**
 * Every measurement for one database. The servers start first, a few at a time (start-up is not
 * measured and takes seconds each), then are measured one after the other, never two at once;
 * each is stopped when done. no-events and outbox-healthy are first compared at a fixed rate. The outbox-healthy server also gives the delivery lag and the drain
 * rate. The memory server starts last, on its own.
 */
export async function runDialect(context: BenchContext, profile: Profile, progress: (line: string) => void): Promise<DialectResults> {
  const loadAverages: Record<string, number> = {};
  const step: Step = async (name, run) => {
    const load = os.loadavg()[0] ?? 0;
    loadAverages[name] = load;
    const started = Date.now();
    const result = await run();
    progress(`${context.dialect.padEnd(8)} ${name.padEnd(24)} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s   (load average ${load.toFixed(2)})`);
    return result;
  };
  const challengers = SCENARIOS.filter((s) => s.name !== 'outbox-healthy');
  const stacks = {
    ...(Object.fromEntries(SCENARIOS.map((s) => [s.name, scenarioStack(context, s.name)])) as Record<ScenarioName, StackOptions>),
    oneAtATime: { ...stackFor(context, 'drain-one-at-a-time'), env: ONE_AT_A_TIME },
  };
  const startedAt = Date.now();
  return withStacks(stacks, async (started) => {
    progress(`${context.dialect.padEnd(8)} ${`${Object.keys(started).length} servers started`.padEnd(24)} ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)} s`);
    const healthyStack = started['outbox-healthy'];
    const healthy = new Contender(healthyStack, true);
    const fixedRate = await step('fixed-rate', () =>
      measureFixedRate(new Contender(started['no-events'], false), healthy, { connections: profile.connections, ...profile.fixedRate }),
    );
    const scenarios = await measureScenarios(
      healthy,
      challengers.map((spec) => ({ spec, stack: started[spec.name] })),
      profile,
      context.dialect,
      step,
    );
    const deliveryLag = await step('delivery-lag', () => measureDeliveryLag(healthyStack, { connections: profile.connections, ...profile.lag }));
    const { backlog } = profile.drain;
    const configured = await step('drain-configured', () => measureDrain(healthyStack, 'configured', { backlog, capSeconds: profile.drain.capSeconds }));
    await healthyStack.close();
    const oneAtATime = await step('drain-one-at-a-time', () =>
      measureDrain(started.oneAtATime, 'one-at-a-time', { backlog, capSeconds: profile.drain.oneAtATimeCapSeconds }),
    );
    await started.oneAtATime.close();
    // Started only now: a server that sat idle for minutes has a smaller heap than a fresh one, which would skew the ratio.
    const memory = await step('memory', () => withStack({ ...stackFor(context, 'memory'), snsDown: true }, (stack) => measureMemory(stack, profile.memory)));
    return {
      dialect: context.dialect,
      scenarios,
      fixedRate,
      deliveryLag,
      drain: { configured, oneAtATime, ratio: oneAtATime.messagesPerSecond > 0 ? configured.messagesPerSecond / oneAtATime.messagesPerSecond : null },
      memory,
      loadAverages,
    };
  });
}
