import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../helpers/dialects.js';
import { expectProblem } from '../helpers/problem.js';
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
