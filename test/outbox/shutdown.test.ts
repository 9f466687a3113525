import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, parseEvent, startFake } from '../helpers/aws.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { openAppOn, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('dispatcher shutdown', (dialect) => {
  let fake: FakeAws;
  let database: TestDatabase;
  const opened: TestApp[] = [];

  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close();
    await database.drop();
    await fake.close();
  });

  it('stops at the deadline while SNS hangs, releases its leases without spending an attempt, and the next start delivers', async () => {
    fake = await startFake();
    database = createTestDatabase(dialect);
    const env = awsEnvFor(fake, { SNS_REQUEST_TIMEOUT_MS: '30000' });
    const first = await openAppOn(database, env);
    opened.push(first);
    first.deps.start();
    fake.setFault({ hang: true });
    const created = await first.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    const id = created.json<{ id: string }>().id;
    await expect.poll(() => fake.snsRequests).toBeGreaterThan(0);
    const leased = await first.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect(leased.lease_owner).toBe(first.deps.dispatcher.owner);

    const started = Date.now();
    await first.deps.dispatcher.stop(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    const released = await first.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect([released.status, released.lease_owner, released.attempts]).toEqual(['pending', null, 0]);
    expect(first.logs.lines.some((l) => l['msg'] === 'dispatcher stopped' && l['inFlightAtDeadline'] === true)).toBe(true);

    fake.clearFaults();
    fake.clearMessages();
    const second = await openAppOn(database, env);
    opened.push(second);
    second.deps.start();
    const [message] = await fake.waitForMessages(1, 5_000);
    expect(parseEvent(message?.message ?? '{}').subject).toBe(id);
  });
});

describe('server shutdown', () => {
  let fake: FakeAws;
  let database: TestDatabase;
  const servers: ServerProcess[] = [];

  afterEach(async () => {
    for (const server of servers.splice(0)) server.kill();
    await fake.close();
    await database.drop();
  });

  it('exits 0 within the deadline on SIGTERM while a publish hangs', async () => {
    fake = await startFake();
    database = createTestDatabase('sqlite');
    fake.setFault({ hang: true });
    const server = await startServerProcess({ ...database.env, ...awsEnvFor(fake), SNS_REQUEST_TIMEOUT_MS: '60000', SHUTDOWN_TIMEOUT_MS: '1000' });
    servers.push(server);
    const response = await fetch(`${server.url}/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(somePerson()),
    });
    expect(response.status).toBe(201);
    await expect.poll(() => fake.snsRequests).toBeGreaterThan(0);
    const started = Date.now();
    server.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.output()).toContain('"released":1');
  });
});
