import { personBodies } from './person-bodies.js';
import type { Stack } from './stack.js';
import { sleep } from './timing.js';

export type DrainMode = 'configured' | 'one-at-a-time';

export interface DrainOptions {
  /** Pending rows inserted into the outbox at once. */
  readonly backlog: number;
  /** Stop measuring this long after the first message arrived, drained or not. */
  readonly capSeconds: number;
}

export interface DrainFigures {
  readonly mode: DrainMode;
  readonly backlog: number;
  readonly delivered: number;
  /** First to last message received by the fake SNS. */
  readonly seconds: number;
  readonly messagesPerSecond: number;
  /** Whether the whole backlog was delivered within the cap. */
  readonly complete: boolean;
  /** Outbox settings that differ from the product's defaults. */
  readonly settings: Record<string, string>;
}

export const ONE_AT_A_TIME = { OUTBOX_BATCH_SIZE: '1', OUTBOX_CONCURRENCY: '1' };

/**
 * Messages per second while a backlog drains into the stack's healthy fake SNS. The rows are
 * inserted straight into the outbox of the running server, then one POST /people wakes the
 * dispatcher; the rate runs from the first to the last message the fake receives.
 */
export async function measureDrain(stack: Stack, mode: DrainMode, options: DrainOptions): Promise<DrainFigures> {
  const { fake, server } = stack;
  const from = (await fake.stats()).count;
  await stack.seedPending(options.backlog);
  await fetch(`${server.url}/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: personBodies()(),
    signal: AbortSignal.timeout(10_000),
  });
  const target = options.backlog + 1;
  const startedAt = Date.now();
  let stats = await fake.stats(from);
  while (stats.count - from === 0 && Date.now() - startedAt < 20_000) {
    await sleep(25);
    stats = await fake.stats(from);
  }
  const capAt = (stats.firstReceivedAt ?? Date.now()) + options.capSeconds * 1_000;
  while (stats.count - from < target && Date.now() < capAt) {
    await sleep(25);
    stats = await fake.stats(from);
  }
  const delivered = stats.count - from;
  const seconds = stats.firstReceivedAt === null || stats.lastReceivedAt === null ? 0 : (stats.lastReceivedAt - stats.firstReceivedAt) / 1_000;
  return {
    mode,
    backlog: options.backlog,
    delivered: Math.min(delivered, options.backlog),
    seconds,
    messagesPerSecond: seconds > 0 ? (delivered - 1) / seconds : 0,
    complete: delivered >= target,
    settings: mode === 'one-at-a-time' ? ONE_AT_A_TIME : {},
  };
}
