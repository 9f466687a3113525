import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';
import { timestampType } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const timestamp = timestampType(db);
  await db.schema
    .createTable('outbox')
    // seq is taken at insert time; rows of one aggregate are inserted under that aggregate's
    // row lock, so seq order is their commit order.
    .addColumn('seq', isPostgres(db) ? 'bigint' : 'integer', (col) =>
      isPostgres(db) ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'varchar(36)', (col) => col.notNull().unique())
    .addColumn('event_type', 'varchar(200)', (col) => col.notNull())
    .addColumn('aggregate_type', 'varchar(100)', (col) => col.notNull())
    .addColumn('aggregate_id', 'varchar(100)', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('correlation_id', 'varchar(128)', (col) => col.notNull())
    .addColumn('traceparent', 'varchar(55)')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull().check(sql`status in ('pending', 'published', 'dead')`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', timestamp, (col) => col.notNull())
    .addColumn('lease_owner', 'varchar(100)')
    .addColumn('lease_expires_at', timestamp)
    .addColumn('last_error', 'text')
    .addColumn('published_at', timestamp)
    .addColumn('sns_message_id', 'varchar(100)')
    .execute();
  // Partial indexes keep the hot paths small however many published rows wait for retention.
  await db.schema
    .createIndex('outbox_pending_due')
    .on('outbox')
    .columns(['next_attempt_at', 'seq'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('outbox_pending_by_aggregate')
    .on('outbox')
    .columns(['aggregate_type', 'aggregate_id', 'seq'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('outbox_status_published_at').on('outbox').columns(['status', 'published_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
