import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db/create-db.js';
import { prepareDatabase } from '../src/db/migrate.js';

export type Dialect = 'sqlite' | 'postgres';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local test server. */
export function postgresUrl(): string {
  return process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? DEFAULT_POSTGRES_URL;
}

/** A database of its own for one measurement: a new SQLite file, or a new PostgreSQL schema. */
export interface BenchDatabase {
  readonly dialect: Dialect;
  readonly config: DatabaseConfig;
  /** The variables that point the server at it. */
  readonly env: Record<string, string>;
  /** Opens it from the bench process, migrated (to seed rows before the server starts). */
  open(): Promise<Db>;
  drop(): Promise<void>;
}

export function createBenchDatabase(dialect: Dialect): BenchDatabase {
  const config = dialect === 'sqlite' ? sqliteConfig() : postgresConfig();
  const open = async (): Promise<Db> => {
    const db = createDb(config);
    try {
      await prepareDatabase(db, config);
      return db;
    } catch (error) {
      await db.destroy();
      throw error;
    }
  };
  if (config.dialect === 'sqlite') {
    return {
      dialect,
      config,
      env: { DATABASE_URL: `sqlite:${config.file}` },
      open,
      drop: async () => {
        fs.rmSync(path.dirname(config.file), { recursive: true, force: true });
      },
    };
  }
  return {
    dialect,
    config,
    env: { DATABASE_URL: config.url, DATABASE_SCHEMA: config.schema ?? '' },
    open,
    drop: () => dropSchema(config.url, config.schema ?? ''),
  };
}

function sqliteConfig(): DatabaseConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-api-bench-'));
  return { dialect: 'sqlite', file: path.join(dir, 'people.db'), busyTimeoutMs: 5_000 };
}

function postgresConfig(): DatabaseConfig {
  return { dialect: 'postgres', url: postgresUrl(), poolMax: 10, schema: `bench_${randomBytes(6).toString('hex')}` };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^bench_[0-9a-f]+$/.test(schema)) throw new Error(`refusing to drop schema "${schema}": not a bench schema`);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers at `url` within 3 s; and its version for the results. */
export async function postgresVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
