import { describe, expect, it } from 'vitest';
import { runScenario } from '../../bench/run-scenario.js';

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
});
