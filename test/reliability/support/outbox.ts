import { createDb, type Db } from '../../../src/db/create-db.js';
import type { OutboxStatus } from '../../../src/db/schema.js';
import type { TestDatabase } from '../../helpers/dialects.js';

/** Opens a connection of the test process to a scenario's database for `fn`, then closes it. */
export async function withDb<T>(database: TestDatabase, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(database.config);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export type OutboxCounts = Readonly<Record<OutboxStatus, number>>;

export async function outboxCounts(db: Db): Promise<OutboxCounts> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, published: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** Event ids still pending under a lease of the owner matched by `ownerPattern` (SQL LIKE). */
export async function leasedBy(db: Db, ownerPattern: string): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('lease_owner', 'like', ownerPattern)
    .execute();
  return rows.map((r) => r.id);
}

export async function peopleCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The highest attempt count of any outbox row (attempts spent on failed publishes). */
export async function maxAttempts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max<number | null>('attempts').as('max'))
    .executeTakeFirstOrThrow();
  return row.max ?? 0;
}

export async function statusOf(db: Db, ids: readonly string[]): Promise<Map<string, OutboxStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('outbox').select(['id', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Of `ids`, those with no row in `people` (read in chunks to keep the IN list short). */
export async function missingPeople(db: Db, ids: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('people').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) found.add(row.id);
  }
  return ids.filter((id) => !found.has(id));
}

/** "Throttling x10, ServiceUnavailable x10": the last error of each dead letter, by code. */
export async function deadLetterErrors(db: Db): Promise<string> {
  const rows = await db.selectFrom('outbox').select(['last_error', 'attempts']).where('status', '=', 'dead').execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const code = `${(row.last_error ?? 'none').split(':')[0] ?? 'none'} after ${row.attempts} attempts`;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, n]) => `${code} x${n}`).join(', ') || 'none';
}
