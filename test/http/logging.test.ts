import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Person } from '../../src/people/schemas.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

type LogLine = Record<string, unknown>;

describeEachDialect('request logging', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  let counter = 0;
  function correlationId(): string {
    counter += 1;
    return `log-test-${dialect}-${counter}-${Date.now()}`;
  }

  /** The `request completed` lines of one request, once its onResponse hook has run. */
  async function completedLines(id: string, count = 1): Promise<LogLine[]> {
    return vi.waitFor(() => {
      const lines = t.logs.lines.filter((line) => line['msg'] === 'request completed' && line['correlationId'] === id);
      expect(lines).toHaveLength(count);
      return lines;
    });
  }

  describe('one `request completed` line per request', () => {
    it.each([
      ['POST', '/people', '/people', 201, { firstName: 'Log', lastName: 'Line', email: `log-line-${Date.now()}@example.com` }],
      ['GET', '/people?limit=5', '/people', 200, undefined],
      ['GET', '/people/01900000-0000-7000-8000-000000000000', '/people/:id', 404, undefined],
      ['GET', '/people/nope', '/people/:id', 400, undefined],
      ['GET', '/no/such/route', 'unmatched', 404, undefined],
      ['GET', '/health/live', '/health/live', 200, undefined],
    ])('%s %s -> route %s, status %i', async (method, url, route, status, payload) => {
      const id = correlationId();
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { 'x-correlation-id': id },
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode).toBe(status);
      const [line] = await completedLines(id);
      expect(line).toMatchObject({ level: 'info', method, route, status, correlationId: id, service: 'people-api' });
      expect(line?.['durationMs']).toEqual(expect.any(Number));
      expect(line?.['durationMs']).toBeGreaterThanOrEqual(0);
      expect(line?.['durationMs']).toBeLessThan(10_000);
      // The route pattern, never the URL with ids or query values.
      expect(JSON.stringify(line)).not.toContain('limit=5');
    });

    it('logs nothing else at info level for an ordinary request (no request/response dumps)', async () => {
      const id = correlationId();
      await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': id } });
      await completedLines(id);
      const lines = t.logs.lines.filter((line) => line['correlationId'] === id);
      expect(lines.map((line) => line['msg'])).toEqual(['request completed']);
    });
  });

  describe('correlation id', () => {
    it('echoes a valid X-Correlation-Id and logs with it', async () => {
      const id = 'Client-Trace_01:abc.def';
      const response = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': id } });
      expect(response.headers['x-correlation-id']).toBe(id);
      await completedLines(id);
    });

    it('puts the client id in problem bodies as well', async () => {
      const id = correlationId();
      const response = await t.app.inject({ method: 'GET', url: '/people/nope', headers: { 'x-correlation-id': id } });
      expect(response.json()).toMatchObject({ correlationId: id });
    });

    it.each([
      ['spaces', 'has some spaces'],
      ['more than 128 characters', 'a'.repeat(129)],
      ['a quote and braces (log injection)', '"}{"level":"fatal'],
      ['an empty value', ''],
    ])('replaces an id with %s by a generated one, in the header and the log', async (_name, given) => {
      const response = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': given } });
      const generated = response.headers['x-correlation-id'];
      expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(generated).not.toBe(given);
      await completedLines(String(generated));
      if (given !== '') expect(t.logs.raw).not.toContain(given);
    });

    it('accepts exactly 128 characters', async () => {
      const id = 'b'.repeat(128);
      const response = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': id } });
      expect(response.headers['x-correlation-id']).toBe(id);
    });

    it('generates a different id for each request without one', async () => {
      const ids = await Promise.all(
        [1, 2, 3].map(async () => (await t.app.inject({ method: 'GET', url: '/health/live' })).headers['x-correlation-id']),
      );
      expect(new Set(ids).size).toBe(3);
    });
  });

  describe('personal data', () => {
    const person = {
      firstName: 'Hypatia',
      lastName: 'Alexandrinowicz',
      email: `hypatia.alexandrinowicz.${process.pid}@example.com`,
      dateOfBirth: '1911-11-11',
    };
    const changed = { ...person, firstName: 'Theonilla', email: `theonilla.${process.pid}@example.com`, dateOfBirth: '1912-12-12' };

    it('never appears in the log through create, read, list, update, conflicts, validation errors and delete', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/people', payload: person });
      expect(created.statusCode).toBe(201);
      const { id } = created.json<Person>();
      await t.app.inject({ method: 'POST', url: '/people', payload: person });
      await t.app.inject({ method: 'POST', url: '/people', payload: { ...person, email: 'not-an-email', extra: person.lastName } });
      await t.app.inject({ method: 'POST', url: '/people', payload: { ...person, dateOfBirth: '2999-01-01' } });
      await t.app.inject({ method: 'GET', url: `/people/${id}` });
      await t.app.inject({ method: 'GET', url: '/people?limit=100' });
      expect((await t.app.inject({ method: 'PUT', url: `/people/${id}`, payload: changed })).statusCode).toBe(200);
      await t.app.inject({ method: 'PUT', url: `/people/${id}`, payload: changed, headers: { 'if-match': '"1"' } });
      const deleteId = correlationId();
      expect((await t.app.inject({ method: 'DELETE', url: `/people/${id}`, headers: { 'x-correlation-id': deleteId } })).statusCode).toBe(204);
      await completedLines(deleteId);

      expect(t.logs.lines.length).toBeGreaterThan(0);
      for (const value of [...Object.values(person), ...Object.values(changed)]) expect(t.logs.raw).not.toContain(value);
    });
  });
});
