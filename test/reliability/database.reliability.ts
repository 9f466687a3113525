import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dialects, POSTGRES_URL } from '../helpers/dialects.js';
import { awaitDelivery, createdEvents, describeLost, type Delivery } from './support/delivery.js';
import { problemOf, send } from './support/http.js';
import { sleep, waitFor } from './support/instances.js';
import { CreateLoad, describeOutcomes, type LoadReport } from './support/load.js';
import { missingPeople, outboxCounts, peopleCount, withDb, type OutboxCounts } from './support/outbox.js';
import { useStage, type Stage } from './support/stage.js';
import { deliveryFigures, recordRow } from './support/summary.js';

/**
 * Scenario 5. The database misbehaves under a create load: PostgreSQL connections are killed
 * (pg_terminate_backend), or another SQLite connection holds the write lock. Requests fail
 * with a 503 problem (never a hang, never a 500), the service recovers by itself, and every
 * acknowledged write is kept and published.
 */
const HANG_MS = 10_000;

const stages = useStage();

/** After the load: accepted people missing from the table, the delivery of their events, the outbox counts. */
async function settled(s: Stage, accepted: readonly string[]): Promise<{ missing: string[]; delivery: Delivery; counts: OutboxCounts }> {
  const missing = await withDb(s.database, (db) => missingPeople(db, accepted));
  const delivery = await awaitDelivery(s.fake, createdEvents(accepted), 20_000);
  const counts = await withDb(s.database, outboxCounts);
  return { missing, delivery, counts };
}

interface Verdict {
  readonly statuses: string;
  /** Responses other than 201 and a 503 problem (500s, wrong media type...). */
  readonly bad: readonly string[];
  readonly served503: number;
  readonly hung: number;
  readonly maxLatencyMs: number;
  /** 201s sent after the last fault plus `settleMs`: proves the recovery. */
  readonly acceptedAfterRecovery: number;
  readonly failedAfterRecovery: number;
}

/** Sorts a load's outcomes: each must be a 201 or a 503 problem without driver internals. */
function judge(report: LoadReport, recoveredAt: number): Verdict {
  const bad: string[] = [];
  let served503 = 0;
  for (const { outcome } of report.records) {
    if (outcome.kind === 'error') continue;
    if (outcome.status === 201) continue;
    const problem = problemOf(outcome);
    const leaks = /SQLITE|sqlite|pg_|terminat|postgres|select |insert |update |stack/i.test(outcome.body);
    if (outcome.status === 503 && problem !== null && !leaks && outcome.headers['retry-after'] !== undefined) served503 += 1;
    else bad.push(`${outcome.status} ${outcome.headers['content-type'] ?? ''} ${outcome.body.slice(0, 200)}`);
  }
  const after = report.records.filter((r) => r.sentAt >= recoveredAt);
  return {
    statuses: describeOutcomes(report.outcomes),
    bad,
    served503,
    hung: report.records.filter((r) => r.outcome.kind === 'error' && r.outcome.code === 'TIMEOUT').length,
    maxLatencyMs: report.maxLatencyMs,
    acceptedAfterRecovery: after.filter((r) => r.id !== undefined).length,
    failedAfterRecovery: after.filter((r) => r.id === undefined).length,
  };
}

/** "Unhandled 'error' event: error: terminating connection..." from a crash's stderr. */
function crashSummary(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const what = lines.find((l) => l.includes('Unhandled')) ?? '';
  const error = lines.find((l) => /^(\w*Error|error):/.test(l)) ?? '';
  return `${what.replace(/^throw er; \/\/ /, '')} ${error}`.trim() || 'no stderr';
}

describe.runIf(dialects.includes('postgres'))('PostgreSQL connections killed', () => {
  it('pg_terminate_backend x3 under load: 503 problems, recovery, nothing acknowledged is lost', { timeout: 120_000 }, async () => {
    const s = await stages.open('postgres');
    // node-postgres reads PGAPPNAME: the one mark that lets this test kill its own server's
    // connections and nobody else's.
    const appName = `people-api-rel-${randomBytes(6).toString('hex')}`;
    const env = s.env({ PGAPPNAME: appName, DB_POOL_MAX: '5', OUTBOX_POLL_INTERVAL_MS: '200' });
    const server = await s.instances.start(env);
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    s.onClose(() => admin.end());
    const kill = async (): Promise<number> => {
      const result = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and application_name = $1`,
        [appName],
      );
      return result.rowCount ?? 0;
    };

    const load = new CreateLoad({ targets: () => [server.url], concurrency: 6, pauseMs: 10, maxRequests: 20_000, maxDurationMs: 60_000, timeoutMs: HANG_MS });
    const killed: number[] = [];
    for (const wait of [2_000, 1_500, 1_500]) {
      await sleep(wait);
      killed.push(await kill());
    }
    const recoveredAt = load.now() + 2_000;
    await sleep(4_000);
    const report = await load.stop();
    const verdict = judge(report, recoveredAt);
    // A process that died is restarted (as a supervisor would) to see whether data was lost.
    const crash = server.alive() ? null : `server died: ${crashSummary(server.stderr())}`;
    const checker = server.alive() ? server : await s.instances.start(env);
    const ready = await waitFor(async () => {
      const outcome = await send({ method: 'GET', url: `${checker.url}/health/ready`, timeoutMs: 5_000 });
      return outcome.kind === 'response' && outcome.status === 200;
    }, 5_000);
    const { missing, delivery, counts } = await settled(s, report.accepted);

    recordRow({
      scenario: '5a PostgreSQL backends terminated x3 [postgres]',
      ...deliveryFigures(report, delivery, counts.dead),
      lost: delivery.lost.length + missing.length,
      seconds: s.seconds(),
      notes:
        `${crash ?? 'server stayed up'}; connections killed ${killed.join('+')}; ${verdict.statuses}; 503 problems ${verdict.served503}; ` +
        `bad ${verdict.bad.length}; max latency ${verdict.maxLatencyMs} ms; after recovery ${verdict.acceptedAfterRecovery} ok / ${verdict.failedAfterRecovery} failed`,
    });

    expect.soft(crash).toBeNull();
    expect(killed.every((n) => n > 0)).toBe(true);
    expect(verdict.bad).toEqual([]);
    expect(verdict.hung).toBe(0);
    expect(verdict.acceptedAfterRecovery).toBeGreaterThan(0);
    expect(verdict.failedAfterRecovery).toBe(0);
    expect(ready).toBe(true);
    expect(missing).toEqual([]);
    expect(delivery.lost, describeLost(delivery)).toEqual([]);
  });
});

describe.runIf(dialects.includes('sqlite'))('SQLite write lock held by another process', () => {
  it('BEGIN EXCLUSIVE for 3.5 s under load: 503 problems, recovery, nothing acknowledged is lost', { timeout: 120_000 }, async () => {
    const stage = await stages.open('sqlite');
    const s = stage;
    if (s.database.config.dialect !== 'sqlite') throw new Error('expected SQLite');
    const file = s.database.config.file;
    // Shorter than the lock, so requests give up (503) rather than wait it out.
    const server = await s.instances.start(s.env({ SQLITE_BUSY_TIMEOUT_MS: '1000', OUTBOX_POLL_INTERVAL_MS: '200' }));
    const rowsBefore = await withDb(s.database, peopleCount);
    const load = new CreateLoad({ targets: () => [server.url], concurrency: 4, pauseMs: 10, maxRequests: 20_000, maxDurationMs: 60_000, timeoutMs: HANG_MS });
    await sleep(2_000);
    // This test process is the other process: its own connection takes the write lock.
    const other = new SQLite(file);
    s.onClose(() => {
      if (other.open) other.close();
    });
    other.exec('BEGIN EXCLUSIVE');
    const lockedAt = load.now();
    // How long the process takes to answer anything at all while writes wait for the lock.
    let liveMaxMs = 0;
    const lockEnds = Date.now() + 3_500;
    while (Date.now() < lockEnds) {
      const live = await send({ method: 'GET', url: `${server.url}/health/live`, timeoutMs: HANG_MS });
      liveMaxMs = Math.max(liveMaxMs, live.ms);
      await sleep(100);
    }
    other.exec('COMMIT');
    other.close();
    const recoveredAt = load.now() + 1_500;
    await sleep(4_000);
    const report = await load.stop();
    const verdict = judge(report, recoveredAt);
    const duringLock = report.records.filter((r) => r.sentAt >= lockedAt && r.sentAt < lockedAt + 3_000);
    const { missing, delivery, counts } = await settled(s, report.accepted);
    const rowsAfter = await withDb(s.database, peopleCount);

    recordRow({
      scenario: '5b SQLite locked 3.5 s by another process [sqlite]',
      ...deliveryFigures(report, delivery, counts.dead),
      lost: delivery.lost.length + missing.length,
      seconds: s.seconds(),
      notes:
        `${verdict.statuses}; 503 problems ${verdict.served503} (${duringLock.length} sent while locked); bad ${verdict.bad.length}; ` +
        `max latency ${verdict.maxLatencyMs} ms (GET /health/live up to ${liveMaxMs} ms while locked); ` +
        `after recovery ${verdict.acceptedAfterRecovery} ok / ${verdict.failedAfterRecovery} failed; rows ${rowsBefore} -> ${rowsAfter}`,
    });

    expect(verdict.served503).toBeGreaterThan(0);
    expect(verdict.bad).toEqual([]);
    expect(verdict.hung).toBe(0);
    // Not a hang either: the process keeps answering while writes wait for the lock.
    expect.soft(liveMaxMs, 'GET /health/live while the database is locked').toBeLessThanOrEqual(2_000);
    expect(verdict.acceptedAfterRecovery).toBeGreaterThan(0);
    expect(verdict.failedAfterRecovery).toBe(0);
    expect(missing).toEqual([]);
    expect(rowsAfter - rowsBefore).toBe(report.accepted.length);
    expect(delivery.lost, describeLost(delivery)).toEqual([]);
  });
});
