import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, PersonPage } from '../../src/people/schemas.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createPersonVia, listAllPeople } from '../helpers/people-client.js';
import { errorPointers, expectProblem } from '../helpers/problem.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const TOTAL = 45;

describeEachDialect('GET /people', (dialect) => {
  let t: TestApp;
  /** Every person of this private database, in creation order. */
  const created: Person[] = [];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < TOTAL; i += 1) created.push(await createPersonVia(t.app, { firstName: `P${i}` }));
  });
  afterAll(async () => t.close());

  async function page(query: string): Promise<PersonPage> {
    const response = await t.app.inject({ method: 'GET', url: `/people${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PersonPage>();
  }

  it('returns 20 people, oldest first, and a cursor when no limit is given', async () => {
    const first = await page('');
    expect(first.items.map((p) => p.id)).toEqual(created.slice(0, 20).map((p) => p.id));
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('returns the people exactly as GET /people/{id} does', async () => {
    const first = await page('?limit=1');
    expect(first.items).toEqual([created[0]]);
  });

  it.each([1, 7, 9, 44, 45, 100])('visits every person exactly once, in creation order, with limit=%i', async (limit) => {
    const { pages, people } = await listAllPeople(t.app, limit);
    expect(people.map((p) => p.id)).toEqual(created.map((p) => p.id));
    expect(pages).toHaveLength(Math.ceil(TOTAL / limit));
    for (const [index, each] of pages.entries()) {
      const last = index === pages.length - 1;
      expect(each.items.length).toBe(last ? TOTAL - limit * index : limit);
      expect(each.nextCursor === null).toBe(last);
    }
  });

  it('gives the same page for the same cursor (the order is stable)', async () => {
    const first = await page('?limit=5');
    const cursor = first.nextCursor ?? '';
    const again = await page(`?limit=5&cursor=${cursor}`);
    const andAgain = await page(`?limit=5&cursor=${cursor}`);
    expect(again).toEqual(andAgain);
    expect(again.items.map((p) => p.id)).toEqual(created.slice(5, 10).map((p) => p.id));
  });

  it('continues after the cursor even when that person has been deleted since', async () => {
    const first = await page('?limit=3');
    const cursor = first.nextCursor ?? '';
    const lastOfFirst = first.items.at(-1)?.id ?? '';
    const deleted = await t.app.inject({ method: 'DELETE', url: `/people/${lastOfFirst}` });
    expect(deleted.statusCode).toBe(204);
    created.splice(2, 1);
    const second = await page(`?limit=3&cursor=${cursor}`);
    expect(second.items.map((p) => p.id)).toEqual(created.slice(2, 5).map((p) => p.id));
  });

  describe('rejects', () => {
    it.each([
      ['limit=0', '/querystring/limit'],
      ['limit=101', '/querystring/limit'],
      ['limit=-1', '/querystring/limit'],
      ['limit=ten', '/querystring/limit'],
      ['limit=2.5', '/querystring/limit'],
      ['sort=name', '/querystring/sort'],
    ])('?%s with 400 at %s', async (query, pointer) => {
      const response = await t.app.inject({ method: 'GET', url: `/people?${query}` });
      const problem = expectProblem(response, 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual([pointer]);
    });

    it.each([
      ['characters a cursor never has', '!!!'],
      ['base64url of something else', Buffer.from('hello world').toString('base64url')],
      ['base64url of a UUID that is not v7', Buffer.from('9b2c8f8e-4f0a-4d3c-9a51-0c7d2f4b6a10').toString('base64url')],
      ['over 200 characters', 'A'.repeat(201)],
    ])('a garbage cursor (%s) with 400 at /querystring/cursor', async (_name, cursor) => {
      const response = await t.app.inject({ method: 'GET', url: `/people?cursor=${cursor}` });
      const problem = expectProblem(response, 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(['/querystring/cursor']);
    });

    it('both bad limit and bad cursor in one problem', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/people?limit=0&cursor=%20' });
      const problem = expectProblem(response, 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(['/querystring/cursor', '/querystring/limit']);
    });
  });
});
