import { pingDb, type Db } from '../db/create-db.js';

export type ReadinessStatus = 'ok' | 'degraded' | 'down';

export interface ReadinessReport {
  readonly status: ReadinessStatus;
  readonly database: { readonly status: 'up' | 'down'; readonly latencyMs?: number; readonly error?: string };
}

const DB_CHECK_TIMEOUT_MS = 2_000;

/** The database must answer within two seconds for the instance to take traffic. */
export async function checkReadiness(db: Db): Promise<ReadinessReport> {
  const started = performance.now();
  try {
    await withTimeout(pingDb(db), DB_CHECK_TIMEOUT_MS);
    return { status: 'ok', database: { status: 'up', latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    const reason = error instanceof TimeoutError ? 'timed out' : 'unreachable';
    return { status: 'down', database: { status: 'down', error: `database ${reason}` } };
  }
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
