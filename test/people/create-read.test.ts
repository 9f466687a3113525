import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { ISO_TIMESTAMP, UUID_V7, createPersonVia, omit } from '../helpers/people-client.js';
import { errorPointers, expectProblem } from '../helpers/problem.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('POST /people and GET /people/{id}', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  describe('POST /people', () => {
    it('answers 201 with the stored person, Location, ETag and X-Correlation-Id', async () => {
      const input = somePerson({ firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1906-12-09' });
      const before = Date.now();
      const response = await t.app.inject({ method: 'POST', url: '/people', payload: input });
      const after = Date.now();

      expect(response.statusCode).toBe(201);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const person = response.json<Record<string, unknown>>();
      expect(Object.keys(person).sort()).toEqual(
        ['createdAt', 'dateOfBirth', 'email', 'firstName', 'id', 'lastName', 'updatedAt', 'version'].sort(),
      );
      expect(person).toMatchObject({
        firstName: 'Grace',
        lastName: 'Hopper',
        email: input['email'],
        dateOfBirth: '1906-12-09',
        version: 1,
      });
      expect(person['id']).toMatch(UUID_V7);
      expect(person['createdAt']).toMatch(ISO_TIMESTAMP);
      expect(person['updatedAt']).toBe(person['createdAt']);
      const createdAt = Date.parse(String(person['createdAt']));
      expect(createdAt).toBeGreaterThanOrEqual(before);
      expect(createdAt).toBeLessThanOrEqual(after);

      expect(response.headers.location).toBe(`/people/${String(person['id'])}`);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('stores a person without a date of birth as null', async () => {
      const input = omit(somePerson(), 'dateOfBirth');
      const response = await t.app.inject({ method: 'POST', url: '/people', payload: input });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ dateOfBirth: null });
    });

    it('accepts an explicit null date of birth', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson({ dateOfBirth: null }) });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ dateOfBirth: null });
    });

    it('stores names of 100 characters outside the BMP (limits count characters, not UTF-16 units)', async () => {
      const firstName = '𝔸'.repeat(100);
      const lastName = 'Ünïcødé – 日本';
      const created = await createPersonVia(t.app, { firstName, lastName });
      const read = await t.app.inject({ method: 'GET', url: `/people/${created.id}` });
      expect(read.json()).toMatchObject({ firstName, lastName });
    });

    it('gives each person its own time-ordered id', async () => {
      const first = await createPersonVia(t.app);
      const second = await createPersonVia(t.app);
      expect(second.id).not.toBe(first.id);
      expect(second.id > first.id).toBe(true);
    });
  });

  describe('GET /people/{id}', () => {
    it('answers 200 with the person as created and its ETag', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
      const response = await t.app.inject({ method: 'GET', url: created.headers.location as string });
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers['x-correlation-id']).toEqual(expect.any(String));
      expect(response.json()).toEqual(created.json());
    });

    it('finds a person by its id written in upper case (UUIDs are case-insensitive)', async () => {
      const created = await createPersonVia(t.app);
      const response = await t.app.inject({ method: 'GET', url: `/people/${created.id.toUpperCase()}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(created);
    });

    it('answers 404 problem+json for an unknown id', async () => {
      const id = '01900000-0000-7000-8000-000000000000';
      const response = await t.app.inject({ method: 'GET', url: `/people/${id}` });
      const problem = expectProblem(response, 404, '/problems/not-found');
      expect(problem.detail).toContain(id);
      expect(problem.instance).toBe(`/people/${id}`);
    });

    it('answers 400 problem+json for an id that is not a UUID', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/people/not-a-uuid' });
      const problem = expectProblem(response, 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(['/params/id']);
    });
  });
});
