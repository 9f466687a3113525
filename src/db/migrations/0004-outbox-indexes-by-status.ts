import { sql, type Kysely } from 'kysely';

/**
 * One partial index per status the dispatcher reads, instead of (status, published_at): without
 * statistics SQLite chose that index for the claim and sorted every pending row (26 ms per claim
 * with 20,000 pending, growing with the backlog); with pending rows in seq order it is ~1 ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_status_published_at').execute();
  await db.schema.dropIndex('outbox_pending_due').execute();
  await db.schema.createIndex('outbox_pending_seq').on('outbox').column('seq').where(sql.ref('status'), '=', 'pending').execute();
  await db.schema
    .createIndex('outbox_published_at')
    .on('outbox')
    .column('published_at')
    .where(sql.ref('status'), '=', 'published')
    .execute();
  await db.schema.createIndex('outbox_dead_seq').on('outbox').column('seq').where(sql.ref('status'), '=', 'dead').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_dead_seq').execute();
  await db.schema.dropIndex('outbox_published_at').execute();
  await db.schema.dropIndex('outbox_pending_seq').execute();
  await db.schema.createIndex('outbox_status_published_at').on('outbox').columns(['status', 'published_at']).execute();
  await db.schema
    .createIndex('outbox_pending_due')
    .on('outbox')
    .columns(['next_attempt_at', 'seq'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}
