import { pingDb, type Db } from '../db/create-db.js';
import { outboxStats, type OutboxStats } from '../outbox/outbox-stats.js';
import type { DispatcherStatus } from '../outbox/dispatcher.js';

export type ReadinessStatus = 'ok' | 'degraded' | 'down';

export interface OutboxHealth extends OutboxStats {
  readonly destination: string;
  readonly circuit: DispatcherStatus['circuit'];
  /** Why delivery is not flowing, when it is not. */
  readonly reason?: string;
}

export interface ReadinessReport {
  readonly status: ReadinessStatus;
  readonly database: { readonly status: 'up' | 'down'; readonly latencyMs?: number; readonly error?: string };
  readonly outbox?: OutboxHealth;
}

export interface ReadinessSources {
  readonly db: Db;
  readonly dispatcher: () => DispatcherStatus;
  /** A backlog whose oldest message is older than this makes the instance `degraded`. */
  readonly maxPendingAgeSeconds: number;
}

const DB_CHECK_TIMEOUT_MS = 2_000;

/**
 * `down` (503) only when the database does not answer: without it nothing works. Trouble with
 * SNS is `degraded` (200): writes are still accepted and wait safely in the outbox.
 */
export async function checkReadiness({ db, dispatcher, maxPendingAgeSeconds }: ReadinessSources): Promise<ReadinessReport> {
  const started = performance.now();
  let stats: OutboxStats;
  try {
    await withTimeout(pingDb(db), DB_CHECK_TIMEOUT_MS);
    stats = await withTimeout(outboxStats(db, new Date()), DB_CHECK_TIMEOUT_MS);
  } catch (error) {
    const reason = error instanceof TimeoutError ? 'timed out' : 'unreachable';
    return { status: 'down', database: { status: 'down', error: `database ${reason}` } };
  }
  const database = { status: 'up' as const, latencyMs: Math.round(performance.now() - started) };
  const delivery = dispatcher();
  const reason = degradedReason(delivery, stats, maxPendingAgeSeconds);
  const outbox: OutboxHealth = { ...stats, destination: delivery.destination, circuit: delivery.circuit, ...(reason ? { reason } : {}) };
  return { status: reason ? 'degraded' : 'ok', database, outbox };
}

function degradedReason(delivery: DispatcherStatus, stats: OutboxStats, maxAge: number): string | undefined {
  const failure = delivery.lastFailure;
  const cause = failure ? `${failure.code} (${failure.kind}) at ${failure.at}` : 'repeated failures';
  if (delivery.circuit !== 'closed') return `circuit ${delivery.circuit} for ${delivery.destination}: ${cause}`;
  if (failure?.kind === 'configuration') return `${delivery.destination} rejects every message: ${cause}`;
  if (stats.oldestPendingAgeSeconds > maxAge) {
    return `oldest pending message is ${Math.round(stats.oldestPendingAgeSeconds)} s old (threshold ${maxAge} s)`;
  }
  return undefined;
}

class TimeoutError extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimeoutError());
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
