import { BadRequestError } from '../lib/app-error.js';
import type { PersonInput } from './schemas.js';

/** Rules the JSON schema cannot say: a date of birth is a real date and not in the future. */
export function assertValidPerson(input: PersonInput, now: Date): void {
  const dateOfBirth = input.dateOfBirth;
  if (dateOfBirth === undefined || dateOfBirth === null) return;
  const parsed = new Date(`${dateOfBirth}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== dateOfBirth) {
    throw new BadRequestError('dateOfBirth is not a calendar date', [
      { pointer: '/body/dateOfBirth', message: 'must be a calendar date (YYYY-MM-DD)' },
    ]);
  }
  if (dateOfBirth > now.toISOString().slice(0, 10)) {
    throw new BadRequestError('dateOfBirth is in the future', [
      { pointer: '/body/dateOfBirth', message: 'must not be in the future' },
    ]);
  }
}
