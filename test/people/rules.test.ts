import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/lib/app-error.js';
import { assertValidPerson } from '../../src/people/rules.js';
import type { PersonInput } from '../../src/people/schemas.js';

const base: PersonInput = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };
const NOW = new Date('2024-02-29T23:59:59.999Z');

function check(dateOfBirth: string | null | undefined, now: Date = NOW): unknown {
  try {
    assertValidPerson({ ...base, ...(dateOfBirth === undefined ? {} : { dateOfBirth }) }, now);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('assertValidPerson (date of birth)', () => {
  it.each([
    ['absent', undefined],
    ['null', null],
    ['today (in UTC)', '2024-02-29'],
    ['a leap day', '2000-02-29'],
    ['long ago', '0001-01-01'],
    ['the last day of a month', '1999-12-31'],
  ])('accepts %s', (_name, dateOfBirth) => {
    expect(check(dateOfBirth)).toBeUndefined();
  });

  it.each([
    ['30 February', '2023-02-30', 'calendar date'],
    ['29 February of a common year', '1900-02-29', 'calendar date'],
    ['31 April', '2021-04-31', 'calendar date'],
    ['month 13', '2021-13-01', 'calendar date'],
    ['day 00', '2021-01-00', 'calendar date'],
    ['tomorrow', '2024-03-01', 'future'],
    ['next year', '2025-01-01', 'future'],
  ])('refuses %s', (_name, dateOfBirth, reason) => {
    const error = check(dateOfBirth);
    expect(error).toBeInstanceOf(BadRequestError);
    const badRequest = error as BadRequestError;
    expect(badRequest.status).toBe(400);
    expect(badRequest.message).toContain(reason);
    expect(badRequest.extensions).toEqual({ errors: [{ pointer: '/body/dateOfBirth', message: expect.any(String) as unknown }] });
  });

  it('judges "today" by the UTC date of the command time', () => {
    expect(check('2024-03-01', new Date('2024-03-01T00:00:00.000Z'))).toBeUndefined();
    expect(check('2024-03-01', new Date('2024-02-29T23:59:59.999Z'))).toBeInstanceOf(BadRequestError);
  });
});
