import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { delay } from '../lib/delay.js';
import { ensureSchema, type Db } from './create-db.js';
import * as createPeople from './migrations/0001-create-people.js';
import * as createIdempotencyKeys from './migrations/0002-create-idempotency-keys.js';
import * as createOutbox from './migrations/0003-create-outbox.js';
import * as outboxIndexesByStatus from './migrations/0004-outbox-indexes-by-status.js';

// Listed in code, not read from a folder, so the same list works from src/ (tsx) and dist/.
const migrations: Record<string, Migration> = {
  '0001-create-people': createPeople,
  '0002-create-idempotency-keys': createIdempotencyKeys,
  '0003-create-outbox': createOutbox,
  '0004-outbox-indexes-by-status': outboxIndexesByStatus,
};

export class MigrationError extends Error {
  constructor(migration: string, cause: unknown) {
    super(`Migration ${migration} failed`, { cause });
    this.name = 'MigrationError';
  }
}

/**
 * Applies every pending migration; Kysely's lock makes concurrent start-ups safe. With a
 * PostgreSQL schema, the migrator's own tables go there too: Kysely looks for them in every
 * schema, so an unqualified name would find another schema's table and then miss its own.
 */
export async function migrateToLatest(db: Db, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results }: MigrationResultSet = await withSchemaRaceRetry(() => migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new MigrationError(failed?.migrationName ?? 'unknown', error);
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

const PG_INVALID_SCHEMA = '3F000';

/**
 * Kysely's migrator introspects every schema of the database; one dropped meanwhile by someone
 * else (a parallel test run, another app) fails the introspection. That race is retried.
 */
async function withSchemaRaceRetry(run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    const code = (result.error as { code?: unknown } | undefined)?.code;
    if (code !== PG_INVALID_SCHEMA || attempt === 3) return result;
    await delay(100 * attempt);
  }
}

/** Creates the PostgreSQL schema when one is configured, then migrates: what start-up and `npm run migrate` do. */
export async function prepareDatabase(db: Db, config: DatabaseConfig): Promise<string[]> {
  if (config.dialect === 'sqlite') return migrateToLatest(db);
  await ensureSchema(db, config);
  const schema = config.schema ?? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  return migrateToLatest(db, schema);
}
