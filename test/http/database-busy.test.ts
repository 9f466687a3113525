import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/dialects.js';
import { expectProblem } from '../helpers/problem.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

// A database that cannot take a write right now is the database's fault, not a bug: 503 with
// Retry-After, so that clients retry. SQLite shows it honestly: another connection holds the lock.
describe.runIf(dialects.includes('sqlite'))('database busy [sqlite]', () => {
  let t: TestApp;
  let other: SQLite.Database;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { SQLITE_BUSY_TIMEOUT_MS: '0' } });
    if (t.config.database.dialect !== 'sqlite') throw new Error('expected SQLite');
    other = new SQLite(t.config.database.file);
  });
  afterAll(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    await t.close();
  });

  it('a write while another connection holds the write lock -> 503 problem with Retry-After', async () => {
    other.exec('begin immediate');
    const response = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    const problem = expectProblem(response, 503, '/problems/service-unavailable');
    expect(problem.detail).not.toMatch(/SQLITE|locked|busy/i);
    expect(response.headers['retry-after']).toBe('1');
    other.exec('rollback');

    const retried = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    expect(retried.statusCode).toBe(201);
  });
});

describe.runIf(dialects.includes('sqlite'))('waiting for a lock does not block the process [sqlite]', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let other: SQLite.Database;
  beforeAll(async () => {
    database = createTestDatabase('sqlite');
    // A separate process: a blocked event loop there cannot hide behind this test's own.
    server = await startServerProcess({ ...database.env, SQLITE_BUSY_TIMEOUT_MS: '10000' });
    if (database.config.dialect !== 'sqlite') throw new Error('expected SQLite');
    other = new SQLite(database.config.file);
  });
  afterAll(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    server.kill();
    await database.drop();
  });

  it('answers liveness while a write waits for the lock, then completes the write', async () => {
    other.exec('begin immediate');
    const write = fetch(`${server.url}/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(somePerson()),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const live = await fetch(`${server.url}/health/live`, { signal: AbortSignal.timeout(3_000) });
    expect(live.status).toBe(200);
    other.exec('rollback');
    expect((await write).status).toBe(201);
  });
});
