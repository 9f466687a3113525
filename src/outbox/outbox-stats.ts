import type { Kysely } from 'kysely';
import { toIsoString, type Database } from '../db/schema.js';

export interface OutboxStats {
  readonly pending: number;
  readonly oldestPendingAgeSeconds: number;
  readonly deadLetters: number;
}

/** Queue depth, age of the oldest waiting message and dead letters: two indexed queries. */
export async function outboxStats(db: Kysely<Database>, now: Date): Promise<OutboxStats> {
  const pending = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<Date | string | null>('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const dead = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'dead')
    .executeTakeFirstOrThrow();
  const oldest = pending.oldest === null ? null : toIsoString(pending.oldest);
  return {
    pending: pending.count,
    oldestPendingAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000),
    deadLetters: dead.count,
  };
}
