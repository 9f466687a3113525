import { sql, type Kysely } from 'kysely';
import { timestampType } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const timestamp = timestampType(db);
  await db.schema
    .createTable('people')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('first_name', 'varchar(100)', (col) => col.notNull())
    .addColumn('last_name', 'varchar(100)', (col) => col.notNull())
    .addColumn('email', 'varchar(254)', (col) => col.notNull())
    .addColumn('date_of_birth', 'date')
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('updated_at', timestamp, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .execute();
  // Case-insensitive uniqueness lives in the database, so concurrent requests cannot both win.
  await db.schema
    .createIndex('people_email_unique')
    .on('people')
    .unique()
    .expression(sql`lower(email)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('people').execute();
}
