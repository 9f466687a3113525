import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { expectProblem } from '../helpers/problem.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describeEachDialect('health', (dialect) => {
  // A dedicated app: the last test destroys its database connection.
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  // Destroying the database twice is harmless (Kysely remembers it), so the usual close works.
  afterAll(async () => t.close());

  it('GET /health/live -> 200 {status: ok}', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready -> 200 with the database up', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: { status: 'up', latencyMs: expect.any(Number) as unknown } });
  });

  it('GET /health/ready -> 503 problem+json once the database is gone; live stays 200', async () => {
    await t.deps.db.destroy();

    const response = await t.app.inject({ method: 'GET', url: '/health/ready' });
    const problem = expectProblem(response, 503, '/problems/not-ready');
    expect(problem).toMatchObject({ title: 'Service not ready', database: { status: 'down' } });
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    // The reason is generic: no driver message or connection string.
    expect(response.body).not.toMatch(/postgres:\/\/|127\.0\.0\.1|destroyed|\.db\b/);

    const live = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
  });
});
