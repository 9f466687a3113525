import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from '../dialect.js';

/** Column types that differ between the dialects; everything else in a migration is shared. */
export function timestampType(db: Kysely<unknown>): RawBuilder<unknown> {
  return isPostgres(db) ? sql`timestamptz` : sql`text`;
}
