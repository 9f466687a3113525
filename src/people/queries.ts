import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { BadRequestError } from '../lib/app-error.js';
import { isUuid } from '../lib/ids.js';
import { PersonNotFoundError } from './errors.js';
import { toPerson } from './person.js';
import { findPerson, listPeople } from './person-repository.js';
import type { Person, PersonPage } from './schemas.js';

/** Reads do not go through the mediator: they change nothing and emit nothing. */
export async function getPerson(db: Kysely<Database>, id: string): Promise<Person> {
  const row = await findPerson(db, id);
  if (!row) throw new PersonNotFoundError(id);
  return toPerson(row);
}

export async function getPeoplePage(db: Kysely<Database>, limit: number, cursor: string | undefined): Promise<PersonPage> {
  const afterId = cursor === undefined ? undefined : decodeCursor(cursor);
  // One extra row tells whether another page exists without a count query.
  const rows = await listPeople(db, limit + 1, afterId);
  const items = rows.slice(0, limit).map(toPerson);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) {
    throw new BadRequestError('The cursor is not valid; use the nextCursor of a previous page', [
      { pointer: '/querystring/cursor', message: 'not a cursor issued by this API' },
    ]);
  }
  return id;
}
