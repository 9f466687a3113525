import { expect, it } from 'vitest';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { somePerson } from '../helpers/test-app.js';

const ADMIN_TOKEN = 'metrics-test-admin-token-000000';

/** The value of one sample line of the Prometheus text, e.g. `outbox_published_total{event_type="person.created"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describeEachDialect('metrics', (dialect) => {
  const ctx = useAppWithFakeAws(dialect, { OUTBOX_MAX_RETRIES: '0', ADMIN_TOKEN, METRICS_REFRESH_INTERVAL_MS: '100' });

  const scrape = async (): Promise<string> => {
    const response = await ctx.t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  };

  it('counts a publish, a failure, a dead letter and a redrive', async () => {
    const created = 'outbox_published_total{event_type="person.created"}';
    const before = await scrape();
    expect(before).toContain('# TYPE outbox_delivery_lag_seconds histogram');
    expect(before).toContain('process_resident_memory_bytes');

    expect((await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() })).statusCode).toBe(201);
    await ctx.fake.waitForMessages(1, 5_000);
    await expect.poll(async () => sample(await scrape(), created)).toBe(sample(before, created) + 1);
    const afterPublish = await scrape();
    expect(sample(afterPublish, 'outbox_delivery_lag_seconds_count')).toBe(1);
    expect(sample(afterPublish, 'sns_publish_duration_seconds_count{outcome="success"}')).toBe(1);
    expect(sample(afterPublish, 'http_request_duration_seconds_count{method="POST",route="/people",status_code="201"}')).toBe(1);

    // With no retries allowed, one 500 dead-letters the message.
    ctx.fake.failNext(1, 'internalError');
    expect((await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() })).statusCode).toBe(201);
    await expect.poll(async () => sample(await scrape(), 'outbox_dead_letters'), { timeout: 5_000 }).toBe(1);
    const afterDead = await scrape();
    expect(sample(afterDead, 'outbox_publish_failures_total{event_type="person.created",reason="InternalErrorException"}')).toBe(1);
    expect(sample(afterDead, 'outbox_dead_lettered_total{event_type="person.created",reason="InternalErrorException"}')).toBe(1);
    expect(sample(afterDead, 'sns_publish_duration_seconds_count{outcome="failure"}')).toBe(1);

    const redrive = await ctx.t.app.inject({
      method: 'POST',
      url: '/admin/dead-letters/redrive',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(redrive.json()).toEqual({ redriven: 1 });
    await ctx.fake.waitForMessages(2, 5_000);
    // Redriven rows are pending until published: wait for both gauges to settle.
    const settled = (text: string): string => `${sample(text, 'outbox_dead_letters')}/${sample(text, 'outbox_pending_messages')}`;
    await expect.poll(async () => settled(await scrape()), { timeout: 5_000 }).toBe('0/0');
    const afterRedrive = await scrape();
    expect(sample(afterRedrive, 'outbox_redriven_total')).toBe(1);
    expect(sample(afterRedrive, created)).toBe(sample(before, created) + 2);
    expect(sample(afterRedrive, 'outbox_circuit_state')).toBe(0);
  });
});

describeEachDialect('metrics while SNS throttles', (dialect) => {
  // The breaker opens after two throttled requests and holds the backlog for 3 s.
  const ctx = useAppWithFakeAws(dialect, { CIRCUIT_BREAKER_THRESHOLD: '2', CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '3000', METRICS_REFRESH_INTERVAL_MS: '100' });

  const scrape = async (): Promise<string> => (await ctx.t.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('shows how many messages wait, how old the oldest is, the throttling and the open circuit', async () => {
    ctx.fake.setFault({ throttle: true });
    for (let i = 0; i < 3; i++) await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    await expect.poll(async () => sample(await scrape(), 'outbox_circuit_state'), { timeout: 5_000 }).toBe(2);
    await expect.poll(async () => sample(await scrape(), 'outbox_pending_messages'), { timeout: 5_000 }).toBe(3);
    // At least one message in each of the two throttled requests that opened the breaker. The
    // breaker opens as the request fails; its outcomes are counted after the cycle's commit, which
    // the claim pacing may hold back for up to OUTBOX_LINGER_MS: wait for them.
    const throttled = 'outbox_publish_failures_total{event_type="person.created",reason="Throttling"}';
    await expect.poll(async () => sample(await scrape(), throttled) >= 2, { timeout: 5_000 }).toBe(true);
    const text = await scrape();
    expect(sample(text, 'outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'outbox_dead_letters')).toBe(0);
    ctx.fake.clearFaults();
    await expect.poll(async () => sample(await scrape(), 'outbox_pending_messages'), { timeout: 10_000 }).toBe(0);
    expect(sample(await scrape(), 'outbox_circuit_state')).toBe(0);
  });
});
