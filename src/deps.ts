import type { Config } from './config.js';
import { createDb, ensureSchema, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { checkReadiness, type ReadinessReport } from './health/readiness.js';
import type { Logger } from './lib/logger.js';
import { Mediator } from './mediator/mediator.js';
import { createPublisher } from './outbox/create-publisher.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { outboxEventStore } from './outbox/outbox-writer.js';
import { personCommandHandlers, personCommandTypes, type PersonCommands } from './people/commands/index.js';

/** Everything the process runs on, built in one place (no DI container). */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Db;
  readonly mediator: Mediator<PersonCommands>;
  readonly dispatcher: Dispatcher;
  readonly adminToken: string | undefined;
  onRedrive(): void;
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
  const dispatcher = new Dispatcher({ db, logger, publisher: createPublisher(config.aws, logger), config: config.outbox });
  // The in-process side of every committed event: wake the dispatcher now rather than at the next poll.
  mediator.subscribe('*', () => {
    dispatcher.nudge();
  });
  let closed: Promise<void> | undefined;
  return {
    config,
    logger,
    db,
    mediator,
    dispatcher,
    adminToken: config.adminToken,
    onRedrive: () => {
      dispatcher.nudge();
    },
    readiness: () =>
      checkReadiness({ db, dispatcher: () => dispatcher.status(), maxPendingAgeSeconds: config.outbox.degradedAfterSeconds }),
    start: () => {
      dispatcher.start();
    },
    close: () =>
      (closed ??= (async () => {
        await dispatcher.stop(config.shutdownTimeoutMs);
        await db.destroy();
      })()),
  };
}
