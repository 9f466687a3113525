import { afterEach, expect, it } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, startFake } from '../helpers/aws.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects.js';
import { openAppOn, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('readiness with queue status', (dialect) => {
  let fake: FakeAws | undefined;
  let database: TestDatabase | undefined;
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close().catch(() => undefined);
    await database?.drop();
    await fake?.close();
  });

  const open = async (env: Record<string, string> = {}): Promise<TestApp> => {
    fake = await startFake();
    database = createTestDatabase(dialect);
    t = await openAppOn(database, awsEnvFor(fake, env));
    t.deps.start();
    return t;
  };

  it('is ok with the outbox empty and the circuit closed', async () => {
    const app = await open();
    const response = await app.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      database: { status: 'up' },
      outbox: { pending: 0, deadLetters: 0, oldestPendingAgeSeconds: 0, circuit: 'closed', destination: 'sns' },
    });
  });

  it('is degraded (still 200) while SNS fails, and says why', async () => {
    const app = await open({ CIRCUIT_BREAKER_THRESHOLD: '2', OUTBOX_MAX_RETRIES: '100' });
    fake?.setFault({ status5xx: 500 });
    await app.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    await expect.poll(async () => (await app.app.inject({ method: 'GET', url: '/health/ready' })).json<{ status: string }>().status, { timeout: 5_000 }).toBe('degraded');
    const response = await app.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ outbox: { pending: number; reason: string } }>();
    expect(body.outbox.pending).toBe(1);
    expect(body.outbox.reason).toContain('InternalError');
  });

  it('is degraded when the oldest pending message is older than the threshold', async () => {
    const app = await open({ OUTBOX_DEGRADED_AFTER_SECONDS: '1' });
    fake?.setFault({ hang: true });
    await app.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    await expect.poll(async () => (await app.app.inject({ method: 'GET', url: '/health/ready' })).json<{ status: string }>().status, { timeout: 5_000 }).toBe('degraded');
    const body = (await app.app.inject({ method: 'GET', url: '/health/ready' })).json<{ outbox: { reason: string } }>();
    expect(body.outbox.reason).toContain('oldest pending message');
    fake?.clearFaults();
  });

  it('is down (503 problem) when the database is gone', async () => {
    const app = await open();
    await app.deps.db.destroy();
    const response = await app.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 503, database: { status: 'down' } });
    const live = await app.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
