import type { Insertable, Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, PeopleTable, PersonRow } from '../db/schema.js';
import { EmailTakenError } from './errors.js';

/** Works on the database or on a transaction: a Kysely transaction is a Kysely. */
type Executor = Kysely<Database>;

export interface PersonFields {
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly date_of_birth: string | null;
}

export async function insertPerson(db: Executor, row: Insertable<PeopleTable>): Promise<PersonRow> {
  try {
    return await db.insertInto('people').values(row).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    throw translateWriteError(error);
  }
}

export async function findPerson(db: Executor, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Updates only when the current version is one of `expectedVersions` (undefined: any);
 * undefined means no row matched.
 */
export async function updatePerson(
  db: Executor,
  id: string,
  expectedVersions: readonly number[] | undefined,
  fields: PersonFields,
  now: string,
): Promise<PersonRow | undefined> {
  if (expectedVersions?.length === 0) return undefined;
  try {
    let query = db
      .updateTable('people')
      .set((eb) => ({ ...fields, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id);
    if (expectedVersions !== undefined) query = query.where('version', 'in', expectedVersions);
    return await query.returningAll().executeTakeFirst();
  } catch (error) {
    throw translateWriteError(error);
  }
}

/** Returns the deleted row (the last state, for the event), or undefined when nothing matched. */
export async function deletePerson(
  db: Executor,
  id: string,
  expectedVersions: readonly number[] | undefined,
): Promise<PersonRow | undefined> {
  if (expectedVersions?.length === 0) return undefined;
  let query = db.deleteFrom('people').where('id', '=', id);
  if (expectedVersions !== undefined) query = query.where('version', 'in', expectedVersions);
  return query.returningAll().executeTakeFirst();
}

/** Keyset page in id order: UUIDv7 ids sort by creation time, so pages are stable. */
export async function listPeople(db: Executor, limit: number, afterId: string | undefined): Promise<PersonRow[]> {
  let query = db.selectFrom('people').selectAll().orderBy('id').limit(limit);
  if (afterId !== undefined) query = query.where('id', '>', afterId);
  return query.execute();
}

function translateWriteError(error: unknown): unknown {
  return isUniqueViolation(error, 'people_email_unique') ? new EmailTakenError() : error;
}
