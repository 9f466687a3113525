import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, startFake } from '../helpers/aws.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects.js';
import { openAppOn, somePerson, type TestApp } from '../helpers/test-app.js';

interface Ready {
  status: string;
  outbox: { pending: number; circuit: string; reason?: string; deadLetters: number };
}

describeEachDialect('circuit breaker and configuration faults', (dialect) => {
  let fake: FakeAws;
  let database: TestDatabase;
  let t: TestApp;

  beforeEach(async () => {
    fake = await startFake();
    database = createTestDatabase(dialect);
    t = await openAppOn(
      database,
      awsEnvFor(fake, { CIRCUIT_BREAKER_THRESHOLD: '3', CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '400', OUTBOX_MAX_RETRIES: '100' }),
    );
    t.deps.start();
  });
  afterEach(async () => {
    await t.close();
    await database.drop();
    await fake.close();
  });

  const ready = async (): Promise<Ready> => (await t.app.inject({ method: 'GET', url: '/health/ready' })).json<Ready>();
  const create = async (): Promise<string> => {
    const response = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it('opens after N failed requests, attempts nothing while open, and recovers through half-open', async () => {
    fake.setFault({ status5xx: 503 });
    await create();
    await expect.poll(() => t.deps.dispatcher.status().circuit, { timeout: 5_000 }).toBe('open');
    expect(fake.snsRequests).toBe(3);
    const report = await ready();
    expect(report.status).toBe('degraded');
    expect(report.outbox.circuit).toBe('open');
    expect(report.outbox.reason).toContain('ServiceUnavailable');

    // While open, new writes are accepted and nothing is sent.
    await create();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.snsRequests).toBe(3);
    expect(t.logs.lines.some((l) => l['msg'] === 'circuit opened: publishing paused')).toBe(true);

    fake.clearFaults();
    await fake.waitForMessages(2, 5_000);
    await expect.poll(() => t.deps.dispatcher.status().circuit).toBe('closed');
    expect(t.logs.lines.some((l) => l['msg'] === 'circuit half-open')).toBe(true);
    expect(t.logs.lines.some((l) => l['msg'] === 'circuit closed')).toBe(true);
    await expect.poll(async () => (await ready()).status).toBe('ok');
  });

  it('spends no attempt on the request that opens the breaker or on failed probes, so an outage dead-letters nothing', async () => {
    await t.close();
    await database.drop();
    database = createTestDatabase(dialect);
    // One retry allowed: before the fix, the failure that opened the breaker was the second attempt.
    t = await openAppOn(database, awsEnvFor(fake, { CIRCUIT_BREAKER_THRESHOLD: '2', CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '150', OUTBOX_MAX_RETRIES: '1' }));
    t.deps.start();
    fake.setFault({ status5xx: 503 });
    const id = await create();
    await expect.poll(() => t.deps.dispatcher.status().circuit, { timeout: 5_000 }).toBe('open');
    // Let several half-open probes fail.
    await expect.poll(() => fake.snsRequests, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
    const during = await t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect([during.status, during.attempts]).toEqual(['pending', 1]);
    fake.clearFaults();
    await fake.waitForMessages(1, 5_000);
    expect((await ready()).outbox.deadLetters).toBe(0);
  });

  it('holds every message without spending attempts while SNS refuses authorization, then resumes by itself', async () => {
    fake.setFault({ authorizationError: true });
    const ids = [await create(), await create()];
    await expect.poll(() => t.deps.dispatcher.status().circuit, { timeout: 5_000 }).toBe('open');
    const report = await ready();
    expect(report.status).toBe('degraded');
    expect(report.outbox.reason).toContain('AuthorizationError');
    expect(report.outbox.deadLetters).toBe(0);
    const rows = await t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', 'in', ids).execute();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(rows[0]?.last_error).toContain('AuthorizationError');

    fake.clearFaults();
    await fake.waitForMessages(2, 5_000);
  });

  it('holds messages while AssumeRole is denied and delivers once it succeeds', async () => {
    fake.setFault({ assumeRoleDenied: true });
    const id = await create();
    await expect.poll(() => t.deps.dispatcher.status().lastFailure?.code, { timeout: 5_000 }).toBe('AccessDenied');
    expect(fake.snsRequests).toBe(0);
    const row = await t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect([row.status, row.attempts]).toEqual(['pending', 0]);
    expect((await ready()).outbox.reason).toContain('AccessDenied');

    fake.clearFaults();
    await fake.waitForMessages(1, 5_000);
  });
});
