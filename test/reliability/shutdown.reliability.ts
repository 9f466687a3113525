import { expect, it } from 'vitest';
import { somePerson } from '../helpers/test-app.js';
import { awaitDelivery, createdEvents, describeLost } from './support/delivery.js';
import { problemOf } from './support/http.js';
import { logLines, sleep, waitFor, type Instance } from './support/instances.js';
import { CreateLoad, describeOutcomes } from './support/load.js';
import { outboxCounts, withDb } from './support/outbox.js';
import { RawExchange } from './support/raw.js';
import { useStage } from './support/stage.js';
import { recordRow } from './support/summary.js';

/**
 * Scenario 4. SIGTERM while a create load runs and while some requests are half sent: every
 * request in flight completes with 2xx, later ones are refused (connection error or 503
 * problem), the process exits 0 within SHUTDOWN_TIMEOUT_MS, and every committed event is
 * delivered after the restart.
 */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const SLOW_REQUESTS = 3;

const stages = useStage();

it('SIGTERM under load: in-flight requests finish 2xx, exit 0 within the deadline, every event delivered after restart', { timeout: 120_000 }, async () => {
  const stage = await stages.open('sqlite');
  const { fake, database } = stage;
  const env = stage.env({
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    OUTBOX_LEASE_MS: '1000',
    OUTBOX_BATCH_SIZE: '10',
    OUTBOX_POLL_INTERVAL_MS: '200',
    SNS_REQUEST_TIMEOUT_MS: '5000',
  });
  // A slow SNS: the outbox has a backlog at SIGTERM, which the restart must deliver.
  fake.setFault({ delayMs: 150 });
  let server: Instance = await stage.instances.start(env);
  const first = server;
  const load = new CreateLoad({
    targets: () => (server.alive() ? [server.url] : []),
    concurrency: 8,
    maxRequests: 20_000,
    maxDurationMs: 60_000,
    timeoutMs: 15_000,
  });
  await sleep(2_500);

  // Requests whose head and half the body are in: in flight when the signal comes.
  const bodies = Array.from({ length: SLOW_REQUESTS }, () => JSON.stringify(somePerson()));
  const slow = bodies.map((body) => {
    const exchange = new RawExchange(first.url, 20_000);
    exchange.write(
      `POST /people HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, body.length >> 1)}`,
    );
    return exchange;
  });
  await sleep(300);

  const sigtermAt = Date.now();
  first.server.kill('SIGTERM');
  const exit = first.server.exited.then((e) => ({ ...e, ms: Date.now() - sigtermAt }));
  await waitFor(() => first.server.output().includes('"msg":"shutting down"'), 5_000);
  await sleep(500);
  slow.forEach((exchange, i) => {
    exchange.end((bodies[i] ?? '').slice((bodies[i] ?? '').length >> 1));
  });
  const slowOutcomes = await Promise.all(slow.map((exchange) => exchange.response));
  const exited = await Promise.race([exit, sleep(SHUTDOWN_TIMEOUT_MS * 3).then(() => null)]);
  const beforeRestart = load.report();
  const pendingAtExit = (await withDb(database, outboxCounts)).pending;
  const messages = logLines(first.server).map((l) => l['msg']);

  // The restart (same file) delivers what the first process left in the outbox.
  server = await stage.instances.start(env);
  await sleep(1_000);
  const report = await load.stop();
  fake.clearFaults();
  const slowIds = slowOutcomes.flatMap((o) => (o.status === 201 ? [(JSON.parse(o.body) as { id: string }).id] : []));
  const expected = createdEvents([...report.accepted, ...slowIds]);
  const delivery = await awaitDelivery(fake, expected, 20_000);
  const counts = await withDb(database, outboxCounts);
  const responses = report.records.filter((r) => r.outcome.kind === 'response');
  const refusedBy503 = responses.filter((r) => r.outcome.kind === 'response' && r.outcome.status === 503);
  const notProblem503 = refusedBy503.filter((r) => problemOf(r.outcome) === null);
  const otherStatuses = responses.filter((r) => r.outcome.kind === 'response' && r.outcome.status !== 201 && r.outcome.status !== 503);

  recordRow({
    scenario: '4 SIGTERM under load + restart [sqlite]',
    requests: report.records.length + SLOW_REQUESTS,
    accepted: report.accepted.length + slowIds.length,
    expected: delivery.expected,
    delivered: delivery.delivered,
    duplicates: delivery.duplicates,
    deadLetters: counts.dead,
    lost: delivery.lost.length,
    seconds: stage.seconds(),
    notes:
      `exit ${exited ? `${String(exited.code ?? exited.signal)} after ${exited.ms} ms` : 'none'} (deadline ${SHUTDOWN_TIMEOUT_MS} ms); ` +
      `half-sent at SIGTERM ${slowOutcomes.map((o) => o.status ?? o.error).join('/')}; pending at exit ${pendingAtExit}; ` +
      `before restart: ${describeOutcomes(beforeRestart.outcomes)}`,
  });

  expect(slowOutcomes.map((o) => o.status)).toEqual(bodies.map(() => 201));
  expect(exited).not.toBeNull();
  expect(exited?.code).toBe(0);
  expect(exited?.ms).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_MS);
  expect(messages).toContain('stopped');
  expect(messages).not.toContain('shutdown deadline reached; closing remaining connections');
  expect(otherStatuses.map((r) => r.outcome)).toEqual([]);
  expect(notProblem503.map((r) => r.outcome)).toEqual([]);
  expect(delivery.lost, describeLost(delivery)).toEqual([]);
  expect(counts.pending).toBe(0);
});
