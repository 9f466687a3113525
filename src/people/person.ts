import { toIsoString, type PersonRow } from '../db/schema.js';
import type { Person } from './schemas.js';

export const PERSON_AGGREGATE = 'person';

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    dateOfBirth: row.date_of_birth,
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
    version: row.version,
  };
}

export function etagOf(person: Pick<Person, 'version'>): string {
  return `"${person.version}"`;
}
