import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { createPersonVia } from '../helpers/people-client.js';
import { errorPointers, expectProblem } from '../helpers/problem.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('DELETE /people/{id}', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  function del(id: string, ifMatch?: string) {
    return t.app.inject({ method: 'DELETE', url: `/people/${id}`, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
  }

  it('answers 204 with no body, then the person is gone (GET 404, second DELETE 404)', async () => {
    const created = await createPersonVia(t.app);
    const response = await del(created.id);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['x-correlation-id']).toEqual(expect.any(String));

    expectProblem(await t.app.inject({ method: 'GET', url: `/people/${created.id}` }), 404, '/problems/not-found');
    expectProblem(await del(created.id), 404, '/problems/not-found');
  });

  it('refuses a stale If-Match with 412 and keeps the person', async () => {
    const created = await createPersonVia(t.app);
    const updated = await t.app.inject({ method: 'PUT', url: `/people/${created.id}`, payload: somePerson() });
    expect(updated.headers.etag).toBe('"2"');

    const problem = expectProblem(await del(created.id, '"1"'), 412, '/problems/precondition-failed');
    expect(problem.detail).toContain('"2"');
    expect((await t.app.inject({ method: 'GET', url: `/people/${created.id}` })).statusCode).toBe(200);

    expect((await del(created.id, '"2"')).statusCode).toBe(204);
  });

  it('answers 404, not 412, for an absent person even with If-Match', async () => {
    const created = await createPersonVia(t.app);
    expect((await del(created.id)).statusCode).toBe(204);
    expectProblem(await del(created.id, '"1"'), 404, '/problems/not-found');
  });

  it('frees the email of a deleted person for someone new', async () => {
    const created = await createPersonVia(t.app);
    expect((await del(created.id)).statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson({ email: created.email }) });
    expect(again.statusCode).toBe(201);
  });

  it('removes the person from the list', async () => {
    const created = await createPersonVia(t.app);
    expect((await del(created.id)).statusCode).toBe(204);
    const list = await t.app.inject({ method: 'GET', url: '/people?limit=100' });
    expect(list.json<{ items: { id: string }[] }>().items.map((p) => p.id)).not.toContain(created.id);
  });

  it('deletes when one ETag of an If-Match list is current; a weak ETag never matches', async () => {
    const created = await createPersonVia(t.app);
    expectProblem(await del(created.id, 'W/"1"'), 412, '/problems/precondition-failed');
    expect((await del(created.id, '"9", "1"')).statusCode).toBe(204);
  });

  it('answers 400 for a malformed If-Match or a non-UUID id', async () => {
    const created = await createPersonVia(t.app);
    expect(errorPointers(expectProblem(await del(created.id, 'yes'), 400, '/problems/validation-failed'))).toEqual([
      '/headers/if-match',
    ]);
    expect(errorPointers(expectProblem(await del('nope'), 400, '/problems/validation-failed'))).toEqual(['/params/id']);
  });
});
