import { expect, it } from 'vitest';
import { parseEvent } from '../helpers/aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { somePerson } from '../helpers/test-app.js';

/** The product's default: the SNS client (the AWS SDK) in a worker thread, the dispatcher on the main thread. */
describeEachDialect('publisher in a thread of its own', (dialect) => {
  const ctx = useAppWithFakeAws(dialect, { OUTBOX_PUBLISHER_THREAD: 'true', CIRCUIT_BREAKER_THRESHOLD: '2', CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '300', OUTBOX_MAX_RETRIES: '100' });
  const create = async (): Promise<string> => {
    const response = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const metrics = async (): Promise<string> => (await ctx.t.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('publishes what the API commits through the thread, with the assumed role, and counts it', async () => {
    const ids = [await create(), await create(), await create()];
    const messages = await ctx.fake.waitForMessages(3, 10_000);
    expect(messages.map((m) => parseEvent(m.message).subject).sort()).toEqual([...ids].sort());
    expect(ctx.fake.assumeRoleCalls.length).toBeGreaterThan(0);
    await expect.poll(metrics).toMatch(/^outbox_published_total\{event_type="person\.created"\} 3$/m);
    expect(await metrics()).toMatch(/^sns_publish_duration_seconds_count\{outcome="success"\} [1-3]$/m);
    expect(ctx.t.logs.lines.filter((l) => l['msg'] === 'message published')).toHaveLength(3);
    // The SNS client was made in the thread; its line joined the app's.
    expect(ctx.t.logs.lines.find((l) => l['msg'] === 'publishing to SNS with an assumed role')).toMatchObject({ level: 'info', thread: 'publisher' });
  });

  it('hands a failed request back as the same failure: the breaker opens on its code, and recovers', async () => {
    ctx.fake.setFault({ status5xx: 503 });
    await create();
    await expect.poll(() => ctx.t.deps.dispatcher.status().circuit, { timeout: 5_000 }).toBe('open');
    expect(ctx.t.deps.dispatcher.status().lastFailure).toMatchObject({ kind: 'transient', code: 'ServiceUnavailable' });
    const ready = (await ctx.t.app.inject({ method: 'GET', url: '/health/ready' })).json<{ status: string; outbox: { reason: string } }>();
    expect(ready).toMatchObject({ status: 'degraded', outbox: { reason: expect.stringContaining('ServiceUnavailable') as unknown } });

    ctx.fake.clearFaults();
    await ctx.fake.waitForMessages(1, 5_000);
    await expect.poll(() => ctx.t.deps.dispatcher.status()).toMatchObject({ circuit: 'closed', lastFailure: null });
  });
});
