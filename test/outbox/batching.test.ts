import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { somePerson } from '../helpers/test-app.js';

const LINGER_MS = 150;

describeEachDialect('dispatcher batching (OUTBOX_LINGER_MS)', (dialect) => {
  const ctx = useAppWithFakeAws(dialect, { OUTBOX_LINGER_MS: String(LINGER_MS) });
  const create = async (): Promise<void> => {
    expect((await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() })).statusCode).toBe(201);
  };

  it('publishes a burst of commits in one PublishBatch after the linger', async () => {
    await Promise.all(Array.from({ length: 5 }, create));
    await ctx.fake.waitForMessages(5, 5_000);
    expect(ctx.fake.snsRequests).toBe(1);
  });

  it('spaces claims by the linger under a steady flow of commits instead of publishing each as it comes', async () => {
    const started = performance.now();
    for (let i = 0; i < 40; i += 1) {
      await create();
      await sleep(20);
    }
    await ctx.fake.waitForMessages(40, 5_000);
    const elapsed = performance.now() - started;
    // One claim per linger at most (each finds fewer than 10 rows: one PublishBatch), plus the last.
    expect(ctx.fake.snsRequests).toBeLessThanOrEqual(Math.ceil(elapsed / LINGER_MS) + 1);
    expect(ctx.fake.messages).toHaveLength(40);
  });
});
