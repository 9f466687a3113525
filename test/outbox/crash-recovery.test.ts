import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, parseEvent, startFake } from '../helpers/aws.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { somePerson } from '../helpers/test-app.js';

describeEachDialect('crash between the 201 and the publish', (dialect) => {
  let fake: FakeAws;
  let database: TestDatabase;
  const servers: ServerProcess[] = [];

  beforeEach(async () => {
    fake = await startFake();
    database = createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) server.kill();
    await fake.close();
    await database.drop();
  });

  it('delivers the message after a SIGKILL and a restart', async () => {
    // A short lease: the dead process's claim must expire before another owner may take the row.
    const env = { ...database.env, ...awsEnvFor(fake), OUTBOX_LEASE_MS: '1000', SNS_REQUEST_TIMEOUT_MS: '30000' };
    // SNS hangs, so the first process answers 201 but cannot publish before it is killed.
    fake.setFault({ hang: true });
    const first = await startServerProcess(env);
    servers.push(first);
    const response = await fetch(`${first.url}/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(somePerson()),
    });
    expect(response.status).toBe(201);
    const person = (await response.json()) as { id: string };
    await expect.poll(() => fake.snsRequests, { timeout: 5_000 }).toBeGreaterThan(0);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(fake.messages).toHaveLength(0);

    fake.clearFaults();
    const second = await startServerProcess(env);
    servers.push(second);
    const [message] = await fake.waitForMessages(1, 10_000);
    const event = parseEvent(message?.message ?? '{}');
    expect(event.type).toBe('person.created');
    expect(event.subject).toBe(person.id);
  });
});
