import { runLoad } from './load.js';
import { MemorySampler, type MemorySummary } from './proc-memory.js';
import type { Stack } from './stack.js';
import { sleep } from './timing.js';

export interface MemoryOptions {
  /** Pending outbox rows inserted between the two measurements. */
  readonly pending: number;
  /** POST /people before the idle measurement (JIT, pools, first allocations). */
  readonly warmupRequests: number;
  readonly sampleSeconds: number;
  /** Pause before each sampling, so the dispatcher and the gauges have looked at the outbox. */
  readonly settleSeconds: number;
}

export interface MemoryFigures {
  readonly pending: number;
  readonly idle: MemorySummary;
  readonly withBacklog: MemorySummary;
  /** Max VmRSS with the backlog over max VmRSS idle. */
  readonly ratio: number | null;
  readonly conditions: string;
}

export const MEMORY_CONDITIONS =
  'one server, SNS endpoint down (nothing drains): warm-up, VmRSS sampled idle; then the rows are inserted into its outbox and VmRSS sampled again; ' +
  'both phases poll /health/ready and /metrics, which count the backlog';

/**
 * RSS of one server before and after `pending` rows land in its outbox. SNS is down, so the
 * backlog stays: the figure shows whether it lives in the database (flat) or in the process.
 */
export async function measureMemory(stack: Stack, options: MemoryOptions): Promise<MemoryFigures> {
  const { server } = stack;
  await runLoad({ url: server.url, connections: 10, amount: options.warmupRequests });
  const idle = await sample(server.url, server.pid, options);
  await stack.seedPending(options.pending);
  const withBacklog = await sample(server.url, server.pid, options);
  return {
    pending: options.pending,
    idle,
    withBacklog,
    ratio: idle.maxRssBytes && withBacklog.maxRssBytes ? withBacklog.maxRssBytes / idle.maxRssBytes : null,
    conditions: MEMORY_CONDITIONS,
  };
}

/** Lets the dispatcher poll once, then samples while readiness and metrics look at the outbox. */
async function sample(url: string, pid: number, options: MemoryOptions): Promise<MemorySummary> {
  await touch(url);
  await sleep(options.settleSeconds * 1_000);
  const sampler = new MemorySampler(pid).start();
  const until = Date.now() + options.sampleSeconds * 1_000;
  while (Date.now() < until) {
    await touch(url);
    await sleep(250);
  }
  return sampler.stop();
}

async function touch(url: string): Promise<void> {
  for (const route of ['/health/ready', '/metrics']) {
    await fetch(`${url}${route}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.arrayBuffer()).catch(() => undefined);
  }
}
