import type { Config } from './config.js';
import { createDb, type Db } from './db/create-db.js';
import { prepareDatabase } from './db/migrate.js';
import { checkReadiness, type ReadinessReport } from './health/readiness.js';
import { ExpiredKeyPurge } from './idempotency/expired-key-purge.js';
import type { Logger } from './lib/logger.js';
import { Mediator } from './mediator/mediator.js';
import { Metrics } from './observability/metrics.js';
import { OutboxGauges } from './observability/outbox-gauges.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { discardingEventStore, outboxEventStore } from './outbox/outbox-writer.js';
import type { ManagedPublisher } from './outbox/publisher.js';
import { createThreadedPublisher } from './outbox/publisher-thread.js';
import { personCommandHandlers, personCommandTypes, type PersonCommands } from './people/commands/index.js';

/** Everything the process runs on, built in one place (no DI container). */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Db;
  readonly mediator: Mediator<PersonCommands>;
  readonly dispatcher: Dispatcher;
  readonly metrics: Metrics;
  readonly adminToken: string | undefined;
  /** Called after an operator queued `count` dead letters again. */
  onRedrive(count: number): void;
  readiness(): Promise<ReadinessReport>;
  /** Starts background work; call once the HTTP server listens. */
  start(): void;
  /** Stops background work and closes the database; safe to call twice. */
  close(): Promise<void>;
}

/** How often expired Idempotency-Keys are deleted. */
const KEY_PURGE_INTERVAL_MS = 60_000;

/** The publisher in its thread, or on this one (started and closed with the dispatcher either way). */
async function createPublisherFor(config: Config, logger: Logger): Promise<ManagedPublisher> {
  if (config.publisherThread) return createThreadedPublisher({ aws: config.aws, logLevel: config.logLevel, logger });
  // Loaded only here: with the publisher in its thread, the AWS SDK stays out of the main thread.
  const { createPublisher } = await import('./outbox/create-publisher.js');
  return { ...createPublisher(config.aws, logger), start: () => undefined, close: async () => undefined };
}

export async function createDeps(config: Config, logger: Logger): Promise<Deps> {
  const db = createDb(config.database);
  try {
    const applied = await prepareDatabase(db, config.database);
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
    eventStore: config.eventsEnabled ? outboxEventStore : discardingEventStore,
  });
  const metrics = new Metrics();
  const publisher = await createPublisherFor(config, logger);
  const dispatcher = new Dispatcher({
    db,
    logger,
    publisher,
    config: config.outbox,
    observer: metrics,
  });
  metrics.watchCircuit(() => dispatcher.status().circuit);
  const gauges = new OutboxGauges(db, metrics, config.metricsRefreshIntervalMs, logger);
  const keyPurge = new ExpiredKeyPurge(db, KEY_PURGE_INTERVAL_MS, logger);
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
    metrics,
    adminToken: config.adminToken,
    onRedrive: (count) => {
      metrics.redriven(count);
      dispatcher.nudge();
    },
    readiness: () =>
      checkReadiness({ db, dispatcher: () => dispatcher.status(), maxPendingAgeSeconds: config.outbox.degradedAfterSeconds }),
    start: () => {
      if (config.eventsEnabled) {
        publisher.start();
        dispatcher.start();
      }
      else logger.warn('EVENTS_ENABLED=false: no events are written or published (benchmark mode)');
      gauges.start();
      keyPurge.start();
    },
    close: () =>
      (closed ??= (async () => {
        gauges.stop();
        keyPurge.stop();
        await dispatcher.stop(config.shutdownTimeoutMs);
        await publisher.close();
        await db.destroy();
      })()),
  };
}
