import { createDb, type Db } from '../../src/db/create-db.js';
import { prepareDatabase } from '../../src/db/migrate.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './dialects.js';

export interface MigratedDb {
  readonly db: Db;
  readonly database: TestDatabase;
  /** A second, independent connection: it sees only what has been committed. */
  readonly observer: Db;
  close(): Promise<void>;
}

/** A private database (SQLite file or PostgreSQL schema) with every migration applied, plus an observing connection. */
export async function createMigratedDb(dialect: Dialect = 'sqlite'): Promise<MigratedDb> {
  const database = createTestDatabase(dialect);
  const db = createDb(database.config);
  await prepareDatabase(db, database.config);
  const observer = createDb(database.config);
  return {
    db,
    database,
    observer,
    close: async () => {
      await observer.destroy();
      await db.destroy();
      await database.drop();
    },
  };
}
