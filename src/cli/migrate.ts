import { ConfigError, loadConfig } from '../config.js';
import { createDb } from '../db/create-db.js';
import { prepareDatabase } from '../db/migrate.js';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
try {
  const config = loadConfig();
  const db = createDb(config.database);
  try {
    const applied = await prepareDatabase(db, config.database);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await db.destroy();
  }
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`;
  process.stderr.write(`people-api: ${message}\n`);
  process.exitCode = 1;
}
