import { parentPort, workerData } from 'node:worker_threads';
import type { DatabaseConfig } from '../config.js';
import { createDb } from '../db/create-db.js';
import { createLogger } from '../lib/logger.js';
import { createPublisher } from './create-publisher.js';
import { Dispatcher } from './dispatcher.js';
import { BatchingObserver, type DispatcherThreadData, type DispatcherThreadReport, type Observation, type ToDispatcherThread } from './dispatcher-thread-protocol.js';

/**
 * Entry of the dispatcher thread (see dispatcher-thread.ts): the dispatcher with a database
 * connection and an SNS client of its own, so signing, publishing and writing outcomes back
 * never hold up a request on the main thread. It exits once stopped.
 */
const port = parentPort;
if (!port) throw new Error('dispatcher-worker runs only as a worker thread');
const { config, owner } = workerData as DispatcherThreadData;

/** One transaction at a time, and a second connection to release leases while a late cycle holds the first. */
const DISPATCHER_POOL_MAX = 2;

function ownDatabase(database: DatabaseConfig): DatabaseConfig {
  return database.dialect === 'postgres' ? { ...database, poolMax: Math.min(database.poolMax, DISPATCHER_POOL_MAX) } : database;
}

const logger = createLogger(config.logLevel);
const db = createDb(ownDatabase(config.database));
const report = (observations: readonly Observation[]): void => {
  const message: DispatcherThreadReport = { status: dispatcher.status(), observations };
  port.postMessage(message);
};
const dispatcher = new Dispatcher({
  db,
  logger,
  owner,
  publisher: createPublisher(config.aws, logger),
  config: config.outbox,
  observer: new BatchingObserver(report),
});

port.on('message', (message: ToDispatcherThread) => {
  if (message.type === 'nudge') dispatcher.nudge();
  else void stop(message.deadlineMs);
});

async function stop(deadlineMs: number): Promise<void> {
  await dispatcher.stop(deadlineMs);
  await db.destroy();
  report([]);
  logger.flush(() => process.exit(0));
}

dispatcher.start();
report([]);
