import { afterEach, expect, it } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, BASE_SECRET_ACCESS_KEY, startFake } from '../helpers/aws.js';
import { createTestDatabase, type TestDatabase } from '../helpers/dialects.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { somePerson } from '../helpers/test-app.js';

const ADMIN_TOKEN = 'management-admin-token-0123456789';

let fake: FakeAws | undefined;
let database: TestDatabase | undefined;
let server: ServerProcess | undefined;

afterEach(async () => {
  server?.kill();
  await fake?.close();
  await database?.drop();
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

it('serves /metrics and /admin on the management listener only, and never logs secrets or personal data', async () => {
  fake = await startFake();
  database = createTestDatabase('sqlite');
  const managementPort = await freePort();
  server = await startServerProcess({
    ...database.env,
    ...awsEnvFor(fake),
    ADMIN_TOKEN,
    MANAGEMENT_PORT: String(managementPort),
    LOG_LEVEL: 'debug',
  });
  const management = `http://127.0.0.1:${managementPort}`;

  expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  expect((await fetch(`${server.url}/admin/dead-letters`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
  const metrics = await fetch(`${management}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('outbox_pending_messages');
  expect((await fetch(`${management}/admin/dead-letters`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
  expect((await fetch(`${management}/people`)).status).toBe(404);
  expect((await fetch(`${management}/health/ready`)).status).toBe(200);

  // A full run: create, update, a failure, a redrive; then the whole log is searched.
  const person = somePerson({ firstName: 'Zebulon', lastName: 'Quixote-Marvel' });
  const created = await fetch(`${server.url}/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(person),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  fake.failNext(1, 'internalError');
  await fetch(`${server.url}/people/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...person, lastName: 'Marvel-Quixote' }),
  });
  await fake.waitForMessages(2, 10_000);
  await fetch(`${management}/admin/dead-letters/redrive`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

  const running = server;
  await expect.poll(() => running.output()).toContain('dead letters redriven');
  const log = server.output();
  expect(log).toContain('message published');
  expect(log).toContain('message failed; will retry');
  const secrets = [
    BASE_SECRET_ACCESS_KEY,
    ADMIN_TOKEN,
    ...fake.issuedCredentials.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
  ];
  expect(fake.issuedCredentials.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(log).not.toContain(secret);
  for (const personal of [String(person['email']), 'Zebulon', 'Quixote', String(person['dateOfBirth'])]) {
    expect(log).not.toContain(personal);
  }
});
