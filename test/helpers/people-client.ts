import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Person, PersonPage } from '../../src/people/schemas.js';
import { somePerson } from './test-app.js';

/** Creates a person through POST /people and returns it (asserting the 201). */
export async function createPersonVia(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<Person> {
  const response = await app.inject({ method: 'POST', url: '/people', payload: somePerson(overrides) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Person>();
}

/** Walks GET /people page by page until nextCursor is null. */
export async function listAllPeople(app: FastifyInstance, limit: number): Promise<{ pages: PersonPage[]; people: Person[] }> {
  const pages: PersonPage[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? `limit=${limit}` : `limit=${limit}&cursor=${cursor}`;
    const response = await app.inject({ method: 'GET', url: `/people?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<PersonPage>();
    pages.push(page);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(1_000);
  } while (cursor !== null);
  return { pages, people: pages.flatMap((page) => page.items) };
}

/** A copy of `value` without `key`. */
export function omit(value: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));
}

export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
