import type { Kysely } from 'kysely';
import { isPostgres } from '../db/dialect.js';
import type { Database, OutboxRow } from '../db/schema.js';

type Db = Kysely<Database>;

export interface ClaimOptions {
  readonly owner: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly limit: number;
}

/**
 * Leases up to `limit` due rows to `owner`, oldest first. A row is due when it is pending, its
 * next attempt time has come and nobody holds a live lease on it (an expired lease means its
 * owner died, so the row is taken over). A row waits while an earlier row of the same aggregate
 * is pending, so one person's events leave in commit order. On PostgreSQL, SKIP LOCKED lets
 * several dispatchers claim at once without blocking each other or taking the same row.
 */
export async function claimDue(db: Db, { owner, now, leaseMs, limit }: ClaimOptions): Promise<OutboxRow[]> {
  const nowIso = now.toISOString();
  const due = db
    .selectFrom('outbox as o')
    .select('o.seq')
    .where('o.status', '=', 'pending')
    .where('o.next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('o.lease_expires_at', 'is', null), eb('o.lease_expires_at', '<=', nowIso)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox as earlier')
            .select('earlier.seq')
            .where('earlier.status', '=', 'pending')
            .whereRef('earlier.aggregate_type', '=', 'o.aggregate_type')
            .whereRef('earlier.aggregate_id', '=', 'o.aggregate_id')
            .whereRef('earlier.seq', '<', 'o.seq'),
        ),
      ),
    )
    .orderBy('o.seq')
    .limit(limit)
    .$if(isPostgres(db), (qb) => qb.forUpdate().skipLocked());
  const rows = await db
    .updateTable('outbox')
    .set({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + leaseMs).toISOString() })
    .where('seq', 'in', due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.seq - b.seq);
}

export interface Published {
  readonly id: string;
  readonly messageId: string;
}

/**
 * Marks rows published in one statement; a row whose lease was lost to another owner is left
 * to that owner. Run it in the transaction that also claims the next rows.
 */
export async function markPublished(db: Db, owner: string, published: readonly Published[], now: Date): Promise<void> {
  const [first, ...rest] = published;
  if (!first) return;
  await db
    .updateTable('outbox')
    .set((eb) => {
      let messageId = eb.case().when('id', '=', first.id).then(first.messageId);
      for (const row of rest) messageId = messageId.when('id', '=', row.id).then(row.messageId);
      return {
        status: 'published',
        published_at: now.toISOString(),
        sns_message_id: messageId.end(),
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
      };
    })
    .where('id', 'in', published.map((row) => row.id))
    .where('lease_owner', '=', owner)
    .execute();
}

export interface Failed {
  readonly id: string;
  readonly attempts: number;
  readonly error: string;
  /** null: retries exhausted or the failure is permanent, the row becomes a dead letter. */
  readonly nextAttemptAt: Date | null;
}

/** Writes back failed attempts (rare, so one statement each); run it in the cycle's transaction. */
export async function markFailed(db: Db, owner: string, failed: readonly Failed[]): Promise<void> {
  for (const row of failed) {
    await db
      .updateTable('outbox')
      .set({
        status: row.nextAttemptAt ? 'pending' : 'dead',
        attempts: row.attempts,
        last_error: row.error.slice(0, 1_000),
        ...(row.nextAttemptAt ? { next_attempt_at: row.nextAttemptAt.toISOString() } : {}),
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('id', '=', row.id)
      .where('lease_owner', '=', owner)
      .execute();
  }
}

/** Gives rows back untouched (breaker open, shutdown): no attempt spent, due again at once. */
export async function releaseLeases(db: Db, owner: string, ids?: readonly string[], error?: string): Promise<number> {
  let query = db
    .updateTable('outbox')
    .set({ lease_owner: null, lease_expires_at: null, ...(error ? { last_error: error.slice(0, 1_000) } : {}) })
    .where('lease_owner', '=', owner)
    .where('status', '=', 'pending');
  if (ids) {
    if (ids.length === 0) return 0;
    query = query.where('id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes up to `limit` rows published before `cutoff`; small batches keep locks short. */
export async function deletePublishedBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  const old = db
    .selectFrom('outbox')
    .select('seq')
    .where('status', '=', 'published')
    .where('published_at', '<', cutoff.toISOString())
    .orderBy('seq')
    .limit(limit);
  const result = await db.deleteFrom('outbox').where('seq', 'in', old).executeTakeFirst();
  return Number(result.numDeletedRows);
}
