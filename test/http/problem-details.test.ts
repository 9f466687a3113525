import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/http/app.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createPersonVia } from '../helpers/people-client.js';
import { expectProblem } from '../helpers/problem.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('request-level errors as problem+json', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  function postRaw(payload: string, contentType: string | undefined) {
    return t.app.inject({
      method: 'POST',
      url: '/people',
      payload,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });
  }

  describe('malformed JSON', () => {
    it.each([
      ['a truncated object', '{"firstName": "Ada",'],
      ['single quotes', "{'firstName': 'Ada'}"],
      ['a trailing comma', '{"firstName": "Ada",}'],
      ['an empty body', ''],
      ['a __proto__ key (prototype poisoning)', '{"__proto__": {"admin": true}, "firstName": "Ada"}'],
    ])('%s -> 400 /problems/malformed-json', async (_name, payload) => {
      const problem = expectProblem(await postRaw(payload, 'application/json'), 400, '/problems/malformed-json');
      expect(problem.instance).toBe('/people');
      expect(problem.errors).toBeUndefined();
    });

    it('on PUT too', async () => {
      const person = await createPersonVia(t.app);
      const response = await t.app.inject({
        method: 'PUT',
        url: `/people/${person.id}`,
        payload: '{',
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, 400, '/problems/malformed-json');
    });
  });

  describe('media type', () => {
    it.each([
      ['text/plain', JSON.stringify(somePerson())],
      ['application/x-www-form-urlencoded', 'firstName=Ada'],
      ['application/xml', '<person/>'],
    ])('%s -> 415', async (contentType, payload) => {
      const problem = expectProblem(await postRaw(payload, contentType), 415, '/problems/unsupported-media-type');
      expect(problem.instance).toBe('/people');
    });

    it('a body without a content-type -> 415', async () => {
      expectProblem(await postRaw(JSON.stringify(somePerson()), undefined), 415, '/problems/unsupported-media-type');
    });

    it('accepts application/json with a charset', async () => {
      const response = await postRaw(JSON.stringify(somePerson()), 'application/json; charset=utf-8');
      expect(response.statusCode).toBe(201);
    });
  });

  describe('body size', () => {
    it(`a body over ${BODY_LIMIT_BYTES} bytes -> 413`, async () => {
      const payload = JSON.stringify(somePerson({ firstName: 'x'.repeat(BODY_LIMIT_BYTES) }));
      expect(Buffer.byteLength(payload)).toBeGreaterThan(16 * 1024);
      const problem = expectProblem(await postRaw(payload, 'application/json'), 413, '/problems/payload-too-large');
      expect(problem.instance).toBe('/people');
    });

    it('a body of exactly 16 KiB is read (and then validated: 400, not 413)', async () => {
      const base = JSON.stringify(somePerson({ firstName: '' }));
      const payload = JSON.stringify(somePerson({ firstName: 'x'.repeat(16 * 1024 - base.length) }));
      expect(Buffer.byteLength(payload)).toBe(16 * 1024);
      const response = await postRaw(payload, 'application/json');
      expectProblem(response, 400, '/problems/validation-failed');
    });
  });

  describe('unknown routes', () => {
    it.each([
      ['GET', '/nope'],
      ['GET', '/people/'.concat('01900000-0000-7000-8000-000000000000', '/friends')],
      ['DELETE', '/people'],
      ['PATCH', '/people/01900000-0000-7000-8000-000000000000'],
    ])('%s %s -> 404 problem', async (method, url) => {
      const response = await t.app.inject({ method: method as 'GET', url });
      const problem = expectProblem(response, 404, '/problems/not-found');
      expect(problem.detail).toBe(`No route ${method} ${url}`);
      expect(problem.instance).toBe(url);
      expect(problem.correlationId).toBe(response.headers['x-correlation-id']);
    });

    it('does not echo the query string in the problem', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/nope?email=ada@example.com' });
      expectProblem(response, 404, '/problems/not-found');
      expect(response.body).not.toContain('ada@example.com');
    });
  });

  it('gives every problem the X-Correlation-Id header and the same id in the body', async () => {
    const response = await postRaw('{', 'application/json');
    const problem = expectProblem(response, 400, '/problems/malformed-json');
    expect(problem.correlationId).toEqual(expect.any(String));
    expect(response.headers['x-correlation-id']).toBe(problem.correlationId);
  });
});
