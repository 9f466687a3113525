import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Dialect = 'sqlite' | 'postgres';

/** `TEST_DIALECTS=sqlite` (or postgres) narrows the matrix; both run by default. */
const wanted = (process.env['TEST_DIALECTS'] ?? 'sqlite,postgres').split(',').map((d) => d.trim());

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresUp = wanted.includes('postgres') ? await postgresReachable() : false;
if (wanted.includes('postgres') && !postgresUp) {
  if (process.env['CI'] === 'true') {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}; CI requires the PostgreSQL tests to run`);
  }
  process.stderr.write(`\n!!! PostgreSQL unreachable at ${POSTGRES_URL}: SKIPPING every PostgreSQL test !!!\n\n`);
}

export const dialects: Dialect[] = (['sqlite', 'postgres'] as const).filter(
  (dialect) => wanted.includes(dialect) && (dialect === 'sqlite' || postgresUp),
);

/** Runs a suite once per available dialect: `describeEachDialect('people', (dialect) => ...)`. */
export function describeEachDialect(name: string, suite: (dialect: Dialect) => void): void {
  for (const dialect of dialects) describe(`${name} [${dialect}]`, () => { suite(dialect); });
}

export interface TestDatabase {
  readonly config: DatabaseConfig;
  /** The env variables that point a child process at this database. */
  readonly env: Record<string, string>;
  drop(): Promise<void>;
}

/** A database no other test touches: a temporary SQLite file, or a fresh PostgreSQL schema. */
export function createTestDatabase(dialect: Dialect): TestDatabase {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-api-test-'));
    const file = path.join(dir, 'people.db');
    return {
      config: { dialect: 'sqlite', file, busyTimeoutMs: 5_000 },
      env: { DATABASE_URL: `sqlite:${file}` },
      drop: async () => { fs.rmSync(dir, { recursive: true, force: true }); },
    };
  }
  const schema = `test_${suffix}`;
  return {
    config: { dialect: 'postgres', url: POSTGRES_URL, poolMax: 5, schema },
    env: { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema },
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
