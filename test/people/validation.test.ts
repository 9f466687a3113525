import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/people/schemas.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { omit } from '../helpers/people-client.js';
import { errorPointers, expectProblem } from '../helpers/problem.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

describeEachDialect('POST /people validation', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  async function peopleCount(): Promise<number> {
    const response = await t.app.inject({ method: 'GET', url: '/people?limit=100' });
    return response.json<{ items: Person[] }>().items.length;
  }

  function post(payload: unknown) {
    return t.app.inject({ method: 'POST', url: '/people', payload: payload as Record<string, unknown> });
  }

  describe('answers 400 with one errors entry per invalid field', () => {
    const tomorrow = isoDate(new Date(Date.now() + 36 * 60 * 60 * 1000));
    it.each<[string, Record<string, unknown>, string[]]>([
      ['a number for a name', { firstName: 42 }, ['/body/firstName']],
      ['a number for the email', { email: 7 }, ['/body/email']],
      ['a boolean date of birth', { dateOfBirth: true }, ['/body/dateOfBirth']],
      ['an empty first name', { firstName: '' }, ['/body/firstName']],
      ['a blank last name', { lastName: '   ' }, ['/body/lastName']],
      ['a tab-only name', { firstName: '\t' }, ['/body/firstName']],
      ['a NUL byte in a name', { firstName: 'Ada\u0000' }, ['/body/firstName']],
      ['a NUL byte inside a name', { lastName: 'Love\u0000lace' }, ['/body/lastName']],
      ['another control character in a name', { firstName: 'A\u0007da' }, ['/body/firstName']],
      ['DEL in a name', { lastName: 'Lovelace\u007F' }, ['/body/lastName']],
      ['a newline in a name', { lastName: 'Love\nlace' }, ['/body/lastName']],
      ['a name of 101 characters', { firstName: 'x'.repeat(101) }, ['/body/firstName']],
      ['an email without @', { email: 'ada.example.com' }, ['/body/email']],
      ['an email with spaces', { email: 'ada lovelace@example.com' }, ['/body/email']],
      ['an email of 255 characters', { email: `${'a'.repeat(64)}@${'b'.repeat(180)}.example.com` }, ['/body/email']],
      ['a date of birth that does not exist', { dateOfBirth: '2023-02-30' }, ['/body/dateOfBirth']],
      ['29 February of a common year', { dateOfBirth: '2023-02-29' }, ['/body/dateOfBirth']],
      ['a date of birth in another format', { dateOfBirth: '10/12/1815' }, ['/body/dateOfBirth']],
      ['a date-time as date of birth', { dateOfBirth: '1815-12-10T00:00:00Z' }, ['/body/dateOfBirth']],
      ['a date of birth in the future', { dateOfBirth: tomorrow }, ['/body/dateOfBirth']],
      ['an unknown field', { nickname: 'Ada' }, ['/body/nickname']],
      ['two unknown fields', { nickname: 'Ada', age: 36 }, ['/body/age', '/body/nickname']],
      [
        'several invalid fields at once',
        { firstName: '', lastName: 1, email: 'x', dateOfBirth: '2023-02-30', extra: true },
        ['/body/dateOfBirth', '/body/email', '/body/extra', '/body/firstName', '/body/lastName'],
      ],
    ])('%s', async (_name, overrides, pointers) => {
      const before = await peopleCount();
      const problem = expectProblem(await post(somePerson(overrides)), 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(pointers);
      for (const error of problem.errors ?? []) expect(error.message).toMatch(/\S/);
      expect(problem.instance).toBe('/people');
      expect(await peopleCount()).toBe(before);
    });

    it.each([
      ['firstName', ['/body/firstName']],
      ['lastName', ['/body/lastName']],
      ['email', ['/body/email']],
    ])('a missing %s', async (field, pointers) => {
      const input = omit(somePerson(), field);
      const problem = expectProblem(await post(input), 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(pointers);
    });

    it('an empty object: every required field', async () => {
      const problem = expectProblem(await post({}), 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(['/body/email', '/body/firstName', '/body/lastName']);
    });

    it.each([
      ['an array', []],
      ['a string', 'Ada'],
      ['null', null],
    ])('a JSON body that is %s', async (_name, body) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/people',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      const problem = expectProblem(response, 400, '/problems/validation-failed');
      expect(errorPointers(problem)).toEqual(['/body']);
    });
  });

  describe('accepts', () => {
    it('a date of birth of today and 29 February of a leap year', async () => {
      expect((await post(somePerson({ dateOfBirth: isoDate(new Date()) }))).statusCode).toBe(201);
      expect((await post(somePerson({ dateOfBirth: '2000-02-29' }))).statusCode).toBe(201);
    });

    it('names of exactly 100 characters, with inner spaces, apostrophes and accents', async () => {
      const response = await post(somePerson({ firstName: 'x'.repeat(100), lastName: "d'Ávila de la Cruz" }));
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ firstName: 'x'.repeat(100), lastName: "d'Ávila de la Cruz" });
    });

    it('an email of 254 characters', async () => {
      const email = `${'a'.repeat(64)}@${'b'.repeat(177)}.example.com`;
      expect(email).toHaveLength(254);
      const response = await post(somePerson({ email }));
      expect(response.statusCode, response.body).toBe(201);
    });
  });

  describe('duplicate email', () => {
    it('answers 409 for an email already used, in any letter case', async () => {
      const email = `ada-${process.pid}-${Date.now()}@example.com`;
      expect((await post(somePerson({ email }))).statusCode).toBe(201);
      const before = await peopleCount();

      const same = expectProblem(await post(somePerson({ email })), 409, '/problems/email-taken');
      expect(same.detail).toMatch(/email/);
      expectProblem(await post(somePerson({ email: email.toUpperCase() })), 409, '/problems/email-taken');
      expect(await peopleCount()).toBe(before);
    });

    it('does not show the email in the problem (it may be another person’s)', async () => {
      const email = `private-${process.pid}-${Date.now()}@example.com`;
      expect((await post(somePerson({ email }))).statusCode).toBe(201);
      const response = await post(somePerson({ email: email.toUpperCase() }));
      expect(response.statusCode).toBe(409);
      expect(response.body.toLowerCase()).not.toContain(email);
    });
  });
});
