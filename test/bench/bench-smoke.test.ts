import { describe, expect, it } from 'vitest';
import { Contender } from '../../bench/contender.js';
import { measureFixedRate } from '../../bench/fixed-rate.js';
import { runScenario, scenarioStack } from '../../bench/run-scenario.js';
import { withStacks } from '../../bench/stack.js';

// Smoke test of the `npm run bench` harness: real server (from source), fake AWS process,
// autocannon, memory sampling. No timing thresholds: only that figures come out and nothing failed.
describe('bench harness', () => {
  it('drives POST /people on SQLite through the outbox and reports its figures', async () => {
    const result = await runScenario({
      scenario: 'outbox-healthy',
      dialect: 'sqlite',
      runtime: 'tsx',
      connections: 4,
      warmupSeconds: 0,
      amount: 300,
    });

    const { load } = result;
    expect(load.requests).toBeGreaterThanOrEqual(300);
    expect(load.non2xx).toBe(0);
    expect(load.errors).toBe(0);
    expect(load.statusCodes['201']).toBe(load.requests);
    expect(load.requestsPerSecond).toBeGreaterThan(0);
    for (const figure of [load.latencyMs.p50, load.latencyMs.p90, load.latencyMs.p99, load.latencyMs.max]) {
      expect(Number.isFinite(figure) && figure > 0).toBe(true);
    }
    if (process.platform === 'linux') expect(result.peakRssBytes).toBeGreaterThan(0);
  }, 30_000);

  it('compares no-events and outbox-healthy at one paced rate and waits for every event to be published', async () => {
    const context = { dialect: 'sqlite', runtime: 'tsx' } as const;
    const stacks = { noEvents: scenarioStack(context, 'no-events'), healthy: scenarioStack(context, 'outbox-healthy') };
    await withStacks(stacks, async ({ noEvents, healthy }) => {
      const figures = await measureFixedRate(new Contender(noEvents, false), new Contender(healthy, true), {
        rate: 100,
        connections: 4,
        warmupSeconds: 0.2,
        segmentSeconds: 0.5,
        rounds: 2,
      });
      for (const side of [figures.noEvents, figures.healthy]) {
        // Two segments of 0.5 s at 100 req/s.
        expect(side.requests).toBe(100);
        expect(side.statusCodes['201']).toBe(100);
        expect(side.errors).toBe(0);
      }
      expect(figures.p50Ratio).toBeGreaterThan(0);
      expect(figures.p99Ratio).toBeGreaterThan(0);
      if (process.platform === 'linux') {
        expect(figures.noEventsCpuMsPerRequest).toBeGreaterThan(0);
        expect(figures.healthyCpuMsPerRequest).toBeGreaterThan(0);
        expect(figures.noEventsMainThreadCpuMsPerRequest).toBeGreaterThan(0);
        expect(figures.healthyMainThreadCpuMsPerRequest).toBeGreaterThan(0);
      }
      // Everything healthy wrote was published: the warm-up's 20 and the segments' 100.
      expect((await healthy.fake.stats()).count).toBe(120);
    });
  }, 60_000);
});
