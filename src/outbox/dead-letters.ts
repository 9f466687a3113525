import type { Kysely } from 'kysely';
import { toIsoString, type Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** A dead letter as operators see it: what, why, how often; not the personal data it carries. */
export interface DeadLetter {
  readonly id: string;
  readonly eventType: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly correlationId: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly payloadBytes: number;
}

export async function listDeadLetters(db: Db, limit: number, afterId?: string): Promise<DeadLetter[]> {
  let query = db
    .selectFrom('outbox')
    .select(['id', 'event_type', 'aggregate_type', 'aggregate_id', 'correlation_id', 'attempts', 'last_error', 'created_at', 'payload'])
    .where('status', '=', 'dead')
    .orderBy('id')
    .limit(limit);
  if (afterId !== undefined) query = query.where('id', '>', afterId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    eventType: row.event_type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    correlationId: row.correlation_id,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: toIsoString(row.created_at),
    payloadBytes: Buffer.byteLength(row.payload, 'utf8'),
  }));
}

/**
 * Puts dead letters back in the queue with a fresh retry budget, due now. Without `id`, all of
 * them. Returns how many rows were redriven.
 */
export async function redriveDeadLetters(db: Db, now: Date, id?: string): Promise<number> {
  let query = db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), lease_owner: null, lease_expires_at: null })
    .where('status', '=', 'dead');
  if (id !== undefined) query = query.where('id', '=', id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
