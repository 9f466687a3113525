import { expect, it } from 'vitest';
import { DispatcherThread } from '../../src/outbox/dispatcher-thread.js';
import { parseEvent } from '../helpers/aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { somePerson } from '../helpers/test-app.js';

/** The product's default: the dispatcher in a worker thread with its own connection and SNS client. */
describeEachDialect('dispatcher in a thread of its own', (dialect) => {
  const ctx = useAppWithFakeAws(dialect, {
    OUTBOX_DISPATCHER_THREAD: 'true',
    // A poll far off: delivery within the test's timeouts proves the commit's wake-up crossed threads.
    OUTBOX_POLL_INTERVAL_MS: '60000',
    CIRCUIT_BREAKER_THRESHOLD: '2',
    CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '300',
    OUTBOX_MAX_RETRIES: '100',
  });
  const create = async (): Promise<string> => {
    const response = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const metrics = async (): Promise<string> => (await ctx.t.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('publishes what the API commits, woken by the commit, and its metrics reach /metrics', async () => {
    expect(ctx.t.deps.dispatcher).toBeInstanceOf(DispatcherThread);
    // Once the thread runs, its first (empty) claim is done and it sleeps until woken or polled.
    await expect.poll(() => ctx.t.deps.dispatcher.status().running, { timeout: 5_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ids = [await create(), await create(), await create()];
    const messages = await ctx.fake.waitForMessages(3, 5_000);
    expect(messages.map((m) => parseEvent(m.message).subject).sort()).toEqual([...ids].sort());
    await expect.poll(metrics).toMatch(/^outbox_published_total\{event_type="person\.created"\} 3$/m);
    const text = await metrics();
    expect(text).toMatch(/^outbox_delivery_lag_seconds_count 3$/m);
    expect(text).toMatch(/^sns_publish_duration_seconds_count\{outcome="success"\} [1-3]$/m);
    expect(ctx.t.deps.dispatcher.status()).toMatchObject({ destination: 'sns', circuit: 'closed', running: true, lastFailure: null });
  });

  it("reports the thread's circuit and last failure on /health/ready, and recovers", async () => {
    ctx.fake.setFault({ status5xx: 503 });
    // Retries wait for the (distant) poll: each failed request here is a new commit's wake-up.
    await create();
    await expect.poll(() => ctx.fake.snsRequests, { timeout: 5_000 }).toBe(1);
    await create();
    await expect.poll(() => ctx.t.deps.dispatcher.status().circuit, { timeout: 5_000 }).toBe('open');
    const ready = (await ctx.t.app.inject({ method: 'GET', url: '/health/ready' })).json<{ status: string; outbox: { circuit: string; reason: string } }>();
    expect(ready.status).toBe('degraded');
    expect(ready.outbox.circuit).toBe('open');
    expect(ready.outbox.reason).toContain('ServiceUnavailable');
    expect(await metrics()).toMatch(/^outbox_circuit_state 2$/m);

    ctx.fake.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await create();
    await ctx.fake.waitForMessages(3, 5_000);
    await expect.poll(() => ctx.t.deps.dispatcher.status()).toMatchObject({ circuit: 'closed', lastFailure: null });
  });

  it('leases rows under the owner the main thread knows, and releases them when stopped at its deadline', async () => {
    ctx.fake.setFault({ hang: true });
    const id = await create();
    await expect.poll(() => ctx.fake.snsRequests, { timeout: 5_000 }).toBeGreaterThan(0);
    const row = () => ctx.t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect((await row()).lease_owner).toBe(ctx.t.deps.dispatcher.owner);

    const started = Date.now();
    await ctx.t.deps.dispatcher.stop(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ctx.t.deps.dispatcher.status().running).toBe(false);
    const released = await row();
    expect([released.status, released.lease_owner, released.attempts]).toEqual(['pending', null, 0]);
  });
});
