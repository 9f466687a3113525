import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

interface Operation {
  readonly tags?: string[];
  readonly summary?: string;
  readonly parameters?: { name: string; in: string; required?: boolean }[];
  readonly requestBody?: { content: Record<string, unknown> };
  readonly responses: Record<string, { description?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}
interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { title: string; version: string };
  readonly paths: Record<string, Record<string, Operation>>;
}

/** Every route of the API and the statuses it documents. */
const EXPECTED: Record<string, Record<string, string[]>> = {
  '/people': { post: ['201', '400', '409', '413', '415', '422', '503'], get: ['200', '400', '503'] },
  '/people/{id}': {
    get: ['200', '400', '404', '503'],
    put: ['200', '400', '404', '409', '412', '413', '415', '503'],
    delete: ['204', '400', '404', '412', '503'],
  },
  '/health/live': { get: ['200'] },
  '/health/ready': { get: ['200', '503'] },
};

// The document does not depend on the database: one dialect is enough.
describe('OpenAPI and docs', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.json<OpenApiDocument>();
  });
  afterAll(async () => t.close());

  function operation(path: string, method: string): Operation {
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  }

  it('is an OpenAPI 3 document about people-api', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'people-api', version: expect.any(String) as unknown });
  });

  it('documents every route of the foundation, and not its own docs routes', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    const expected = Object.entries(EXPECTED).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented).toEqual(expect.arrayContaining(expected));
    expect(documented.filter((route) => /\/docs|\/openapi\.json/.test(route))).toEqual([]);
  });

  it('documents every error response of every route as application/problem+json', () => {
    const errors = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, response]) => ({ route: `${method} ${path} ${status}`, types: Object.keys(response.content ?? {}) })),
      ),
    );
    expect(errors.length).toBeGreaterThan(20);
    for (const { route, types } of errors) expect(types, route).toEqual(['application/problem+json']);
  });

  describe.each(Object.entries(EXPECTED).flatMap(([path, ops]) => Object.entries(ops).map(([m, s]) => [m, path, s] as const)))(
    '%s %s',
    (method, path, statuses) => {
      it(`documents ${statuses.join(', ')}`, () => {
        expect(Object.keys(operation(path, method).responses).sort()).toEqual([...statuses].sort());
      });

      it('documents its error responses as application/problem+json with the problem fields', () => {
        for (const [status, response] of Object.entries(operation(path, method).responses)) {
          if (Number(status) < 400) continue;
          expect(Object.keys(response.content ?? {}), status).toEqual(['application/problem+json']);
          const schema = JSON.stringify(response.content);
          for (const field of ['type', 'title', 'status', 'detail']) expect(schema).toContain(`"${field}"`);
        }
      });

      it('has a summary and a tag', () => {
        const op = operation(path, method);
        expect(op.summary).toMatch(/\S/);
        expect(op.tags?.length).toBe(1);
      });
    },
  );

  it('documents the parameters and the JSON body of POST /people, PUT and GET /people', () => {
    const post = operation('/people', 'post');
    expect(post.parameters).toEqual([expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false })]);
    expect(Object.keys(post.requestBody?.content ?? {})).toEqual(['application/json']);
    expect(operation('/people', 'post').responses['201']?.headers).toHaveProperty('location');

    const put = operation('/people/{id}', 'put');
    expect(put.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path', required: true }),
        expect.objectContaining({ name: 'if-match', in: 'header', required: false }),
      ]),
    );

    // limit has a default: a client may leave it out.
    const list = operation('/people', 'get');
    expect(list.parameters).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false }),
    ]);
  });

  it('serves the Swagger UI at /docs', async () => {
    let response = await t.app.inject({ method: 'GET', url: '/docs' });
    if (response.statusCode === 302) {
      response = await t.app.inject({ method: 'GET', url: response.headers.location ?? '' });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html[\s>]/i);
    expect(response.body).toContain('swagger-ui');
  });
});
