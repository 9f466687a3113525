import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Person } from '../../src/people/schemas.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../helpers/dialects.js';
import { errorPointers, expectProblem } from '../helpers/problem.js';
import { openAppOn, somePerson, type TestApp } from '../helpers/test-app.js';

let keyCounter = 0;
function newKey(): string {
  keyCounter += 1;
  return `key-${process.pid}-${keyCounter}-${Date.now()}`;
}

describeEachDialect('POST /people with Idempotency-Key', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    database = createTestDatabase(dialect);
    t = await openAppOn(database);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  function post(key: string, payload: Record<string, unknown>, app: TestApp = t) {
    return app.app.inject({ method: 'POST', url: '/people', payload, headers: { 'idempotency-key': key } });
  }

  async function countWithEmail(app: TestApp, email: string): Promise<number> {
    const response = await app.app.inject({ method: 'GET', url: '/people?limit=100' });
    return response.json<{ items: Person[] }>().items.filter((p) => p.email === email).length;
  }

  it('replays the first response for the same key and body: same 201, same person, marked as replayed', async () => {
    const key = newKey();
    const body = somePerson();
    const first = await post(key, body);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const second = await post(key, body);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers.etag).toBe('"1"');
    expect(await countWithEmail(t, String(body['email']))).toBe(1);
  });

  it('treats a body with the same fields in another order as the same request', async () => {
    const key = newKey();
    const body = somePerson();
    const first = await post(key, body);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await post(key, reordered);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json<Person>().id).toBe(first.json<Person>().id);
  });

  it('writes the person.created event once, not again on replay', async () => {
    const key = newKey();
    const body = somePerson();
    const first = await post(key, body);
    await post(key, body);
    await post(key, body);
    const id = first.json<Person>().id;
    const events = await t.deps.db.selectFrom('outbox').select('event_type').where('aggregate_id', '=', id).execute();
    expect(events).toEqual([{ event_type: 'person.created' }]);
  });

  it('refuses the same key with a different body: 422, and creates nothing', async () => {
    const key = newKey();
    const body = somePerson();
    expect((await post(key, body)).statusCode).toBe(201);
    const other = somePerson();
    const response = await post(key, other);
    const problem = expectProblem(response, 422, '/problems/idempotency-key-reused');
    expect(problem.detail).toMatch(/different request body/);
    expect(await countWithEmail(t, String(other['email']))).toBe(0);
  });

  it('does not keep the key when the request fails, so a corrected retry with that key succeeds', async () => {
    const taken = somePerson();
    expect((await post(newKey(), taken)).statusCode).toBe(201);
    const key = newKey();
    const clash = { ...somePerson(), email: taken['email'] };
    expectProblem(await post(key, clash), 409, '/problems/email-taken');
    const fixed = await post(key, somePerson());
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('creates one person when the same key and body arrive concurrently; losers are told to retry', async () => {
    const key = newKey();
    const body = somePerson();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(key, body)));
    const winners = responses.filter((r) => r.statusCode === 201);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    expect(new Set(winners.map((r) => r.json<Person>().id)).size).toBe(1);
    for (const loser of responses.filter((r) => r.statusCode !== 201)) {
      // Not "email taken": the email belongs to this very request, whose first copy won.
      expectProblem(loser, 409, '/problems/idempotency-key-in-use');
    }
    expect(await countWithEmail(t, String(body['email']))).toBe(1);

    const retry = await post(key, body);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(winners[0]?.json());
  });

  it('still replays after the app restarts on the same database', async () => {
    const key = newKey();
    const body = somePerson();
    const first = await post(key, body);
    expect(first.statusCode).toBe(201);

    await t.close();
    t = await openAppOn(database);

    const replay = await post(key, body);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(await countWithEmail(t, String(body['email']))).toBe(1);
    expectProblem(await post(key, somePerson()), 422, '/problems/idempotency-key-reused');
  });

  it.each([
    ['a space', 'two words'],
    ['more than 255 characters', 'k'.repeat(256)],
    ['a non-ASCII character', 'clé'],
  ])('answers 400 for a key with %s, and creates nothing', async (_name, key) => {
    const body = somePerson();
    const response = await t.app.inject({
      method: 'POST',
      url: '/people',
      payload: body,
      headers: { 'idempotency-key': key },
    });
    const problem = expectProblem(response, 400, '/problems/validation-failed');
    expect(errorPointers(problem)).toEqual(['/headers/idempotency-key']);
    expect(await countWithEmail(t, String(body['email']))).toBe(0);
  });

  it('accepts a key of exactly 255 visible characters', async () => {
    const response = await post('k'.repeat(255), somePerson());
    expect(response.statusCode).toBe(201);
  });
});
