import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { BusyRetryingSqliteDialect, SQLITE_SYNC_BUSY_TIMEOUT_MS } from './sqlite-busy-retry.js';

export type Db = Kysely<Database>;

const PG_INT8_OID = 20;
const PG_DATE_OID = 1082;

export function createDb(config: DatabaseConfig): Db {
  return config.dialect === 'sqlite' ? createSqlite(config) : createPostgres(config);
}

function createSqlite(config: Extract<DatabaseConfig, { dialect: 'sqlite' }>): Db {
  if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
  const database = new SQLite(config.file);
  // WAL lets readers run beside the single writer; FULL sync makes a 201 survive power loss too.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma(`busy_timeout = ${Math.min(SQLITE_SYNC_BUSY_TIMEOUT_MS, config.busyTimeoutMs)}`);
  database.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new BusyRetryingSqliteDialect({ database: withStatementCache(database) }, config.busyTimeoutMs) });
}

function pgTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  // Dates of birth stay 'YYYY-MM-DD': the default parser builds a local-midnight Date.
  types.setTypeParser(PG_DATE_OID, (value: string) => value);
  // Outbox sequence numbers and counts stay far below 2^53.
  types.setTypeParser(PG_INT8_OID, Number);
  return types;
}

function createPostgres(config: Extract<DatabaseConfig, { dialect: 'postgres' }>): Db {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: 5_000,
    // A query that cannot get a lock or a connection fails instead of holding a request forever.
    statement_timeout: 15_000,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    types: pgTypes(),
  });
  // An idle client that loses its connection (server restart, pg_terminate_backend) emits an
  // error on the pool; without a listener that would crash the process. The pool replaces it.
  pool.on('error', () => undefined);
  // A connection in use when the server drops it (pg_terminate_backend, restart, failover)
  // emits 'error' on its client too; the query in flight already fails with it (-> 503).
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function ensureSchema(db: Db, config: DatabaseConfig): Promise<void> {
  if (config.dialect === 'postgres' && config.schema) {
    await sql`create schema if not exists ${sql.id(config.schema)}`.execute(db);
  }
}

export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
