import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Person } from '../../src/people/schemas.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { ISO_TIMESTAMP, createPersonVia, omit } from '../helpers/people-client.js';
import { errorPointers, expectProblem } from '../helpers/problem.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

const ABSENT_ID = '01900000-0000-7000-8000-0000000000ff';

describeEachDialect('PUT /people/{id}', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  function put(id: string, payload: Record<string, unknown>, ifMatch?: string) {
    return t.app.inject({
      method: 'PUT',
      url: `/people/${id}`,
      payload,
      headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
    });
  }

  it('replaces the person: 200, version + 1, new ETag, createdAt kept', async () => {
    const created = await createPersonVia(t.app);
    const input = somePerson({ firstName: 'Augusta', lastName: 'King', dateOfBirth: '1815-12-11' });
    const response = await put(created.id, input);

    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    const updated = response.json<Person>();
    expect(updated).toEqual({
      id: created.id,
      firstName: 'Augusta',
      lastName: 'King',
      email: input['email'],
      dateOfBirth: '1815-12-11',
      createdAt: created.createdAt,
      updatedAt: expect.stringMatching(ISO_TIMESTAMP) as unknown,
      version: 2,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));

    const read = await t.app.inject({ method: 'GET', url: `/people/${created.id}` });
    expect(read.headers.etag).toBe('"2"');
    expect(read.json()).toEqual(updated);
  });

  it('clears the date of birth when the replacement leaves it out (PUT replaces)', async () => {
    const created = await createPersonVia(t.app, { dateOfBirth: '1990-01-01' });
    const input = omit(somePerson(), 'dateOfBirth');
    const response = await put(created.id, input);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dateOfBirth: null });
  });

  it('accepts an If-Match with the current ETag, then refuses the same (now stale) one with 412', async () => {
    const created = await createPersonVia(t.app);
    const first = await put(created.id, somePerson(), '"1"');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');

    const stale = await put(created.id, somePerson({ firstName: 'Lost' }), '"1"');
    const problem = expectProblem(stale, 412, '/problems/precondition-failed');
    expect(problem.detail).toContain('"2"');

    const read = await t.app.inject({ method: 'GET', url: `/people/${created.id}` });
    expect(read.json()).toMatchObject({ version: 2, firstName: first.json<Person>().firstName });
  });

  it('accepts If-Match: * and an ETag with surrounding spaces', async () => {
    const created = await createPersonVia(t.app);
    expect((await put(created.id, somePerson(), '*')).statusCode).toBe(200);
    expect((await put(created.id, somePerson(), ' "2" ')).statusCode).toBe(200);
  });

  it('compares If-Match strongly: weak and foreign ETags never match, a list matches when one of its ETags is current', async () => {
    const created = await createPersonVia(t.app);
    for (const ifMatch of ['W/"1"', '"abc"', '""', '"2", W/"1"']) {
      expectProblem(await put(created.id, somePerson(), ifMatch), 412, '/problems/precondition-failed');
    }
    const listed = await put(created.id, somePerson(), '"5", "1"');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.headers.etag).toBe('"2"');
    expectProblem(await put(created.id, somePerson(), '"1", "3"'), 412, '/problems/precondition-failed');
  });

  it.each(['1', '"1', 'version-1', '*, "1"', '"1",', 'W/1'])('answers 400 for the malformed If-Match %s', async (ifMatch) => {
    const created = await createPersonVia(t.app);
    const response = await put(created.id, somePerson(), ifMatch);
    const problem = expectProblem(response, 400, '/problems/validation-failed');
    expect(errorPointers(problem)).toEqual(['/headers/if-match']);
    const read = await t.app.inject({ method: 'GET', url: `/people/${created.id}` });
    expect(read.json()).toMatchObject({ version: 1 });
  });

  it('answers 404 for an absent id, with or without If-Match', async () => {
    expectProblem(await put(ABSENT_ID, somePerson()), 404, '/problems/not-found');
    expectProblem(await put(ABSENT_ID, somePerson(), '"1"'), 404, '/problems/not-found');
  });

  it('answers 409 when the new email belongs to someone else (in any letter case), and changes nothing', async () => {
    const owner = await createPersonVia(t.app);
    const other = await createPersonVia(t.app);
    const response = await put(other.id, somePerson({ email: owner.email.toUpperCase() }));
    expectProblem(response, 409, '/problems/email-taken');
    const read = await t.app.inject({ method: 'GET', url: `/people/${other.id}` });
    expect(read.json()).toEqual(other);
  });

  it('lets a person keep their own email, or change only its letter case', async () => {
    const created = await createPersonVia(t.app);
    const same = await put(created.id, somePerson({ email: created.email }));
    expect(same.statusCode).toBe(200);
    const recased = await put(created.id, somePerson({ email: created.email.toUpperCase() }));
    expect(recased.statusCode).toBe(200);
    expect(recased.json()).toMatchObject({ email: created.email.toUpperCase(), version: 3 });
  });

  it('validates the body as POST does', async () => {
    const created = await createPersonVia(t.app);
    const response = await put(created.id, { firstName: ' ', email: 'nope' });
    const problem = expectProblem(response, 400, '/problems/validation-failed');
    expect(errorPointers(problem)).toEqual(['/body/email', '/body/firstName', '/body/lastName']);
  });

  it('answers 400 for a non-UUID id', async () => {
    const problem = expectProblem(await put('123', somePerson()), 400, '/problems/validation-failed');
    expect(errorPointers(problem)).toEqual(['/params/id']);
  });
});
