import type { Config } from './config.js';
import { createDb, ensureSchema, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { checkReadiness, type ReadinessReport } from './health/readiness.js';
import type { Logger } from './lib/logger.js';
import { Mediator } from './mediator/mediator.js';
import { outboxEventStore } from './outbox/outbox-writer.js';
import { personCommandHandlers, personCommandTypes, type PersonCommands } from './people/commands/index.js';

/** Everything the process runs on, built in one place (no DI container). */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Db;
  readonly mediator: Mediator<PersonCommands>;
  readiness(): Promise<ReadinessReport>;
  /** Starts background work; call once the HTTP server listens. */
  start(): void;
  /** Stops background work and closes the database; safe to call twice. */
  close(): Promise<void>;
}

export async function createDeps(config: Config, logger: Logger): Promise<Deps> {
  const db = createDb(config.database);
  try {
    await ensureSchema(db, config.database);
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const mediator = new Mediator<PersonCommands>({
    db,
    logger,
    commandTypes: personCommandTypes,
    handlers: personCommandHandlers,
    eventStore: outboxEventStore,
  });
  let closed: Promise<void> | undefined;
  return {
    config,
    logger,
    db,
    mediator,
    readiness: () => checkReadiness(db),
    start: () => undefined,
    close: () => (closed ??= db.destroy()),
  };
}
