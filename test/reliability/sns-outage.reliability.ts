import { expect, it } from 'vitest';
import type { FaultState } from '../support/fake-aws/index.js';
import { analyseDelivery, awaitDelivery, createdEvents, describeLost } from './support/delivery.js';
import { send } from './support/http.js';
import { logLines, sleep } from './support/instances.js';
import { CreateLoad, describeOutcomes } from './support/load.js';
import { deadLetterErrors, maxAttempts, outboxCounts, withDb } from './support/outbox.js';
import { TcpProxy } from './support/proxy.js';
import { useStage } from './support/stage.js';
import { recordRow } from './support/summary.js';

/**
 * Scenario 2. In the middle of a create load SNS goes away for 60 s: first it refuses
 * connections, then resets them, then answers 503, then throttles. With a realistic breaker
 * and retry schedule nothing is lost, the backlog is delivered within 15 s of recovery, and
 * at most 1% of messages are dead-lettered (the breaker keeps attempts from being spent).
 */
const ADMIN_TOKEN = 'reliability-admin-token-0001';
const OUTAGE_PHASES: readonly { readonly name: string; readonly ms: number; readonly faults: Partial<FaultState> | 'refuse' }[] = [
  { name: 'refused', ms: 15_000, faults: 'refuse' },
  { name: 'reset', ms: 15_000, faults: { resetConnections: true } },
  { name: '503', ms: 15_000, faults: { status5xx: 503 } },
  { name: 'throttled', ms: 15_000, faults: { throttle: 'Throttling' } },
];
const RECOVERY_BOUND_MS = 15_000;

const stages = useStage();

it('SNS refuses and resets connections for 30 s, then fails and throttles for 30 s: nothing lost, backlog out within 15 s, dead letters <= 1%', { timeout: 240_000 }, async () => {
  const stage = await stages.open('sqlite');
  const { fake, database } = stage;
  const proxy = await TcpProxy.start(fake.port);
  stage.onClose(() => proxy.close());
  // Production-like schedule: breaker opens after 5 failed requests, probes every 2 s;
  // retries 500 ms, 1 s, 2 s, then a dead letter.
  const server = await stage.instances.start(
    stage.env({
      AWS_ENDPOINT_URL_SNS: proxy.url,
      ADMIN_TOKEN,
      OUTBOX_POLL_INTERVAL_MS: '1000',
      OUTBOX_BATCH_SIZE: '50',
      OUTBOX_RETRY_BASE_DELAY_MS: '500',
      OUTBOX_MAX_RETRIES: '3',
      CIRCUIT_BREAKER_THRESHOLD: '5',
      CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '2000',
      SNS_REQUEST_TIMEOUT_MS: '5000',
      SNS_CONNECT_TIMEOUT_MS: '2000',
    }),
  );
  const load = new CreateLoad({
    targets: () => [server.url],
    concurrency: 4,
    pauseMs: 60,
    maxRequests: 20_000,
    maxDurationMs: 100_000,
    timeoutMs: 5_000,
  });

  await sleep(4_000);
  // Publish requests the dispatcher made (and saw fail): the breaker should keep these few.
  const failedRequests = (): number => logLines(server.server).filter((l) => l['msg'] === 'publish request failed').length;
  const requestsBefore = failedRequests();
  const phaseRequests: string[] = [];
  for (const phase of OUTAGE_PHASES) {
    const at = failedRequests();
    fake.clearFaults();
    if (phase.faults === 'refuse') await proxy.refuse();
    else {
      await proxy.accept();
      fake.setFault(phase.faults);
    }
    await sleep(phase.ms);
    phaseRequests.push(`${phase.name} ${failedRequests() - at}`);
  }
  await proxy.accept();
  fake.clearFaults();
  const recoveredAt = Date.now();
  const outageRequests = failedRequests() - requestsBefore;
  const acceptedAtRecovery = load.accepted;
  await sleep(4_000);
  const report = await load.stop();

  // Within the bound, every message written before recovery is either at SNS or a dead letter.
  const expected = createdEvents(report.accepted);
  const deadline = recoveredAt + RECOVERY_BOUND_MS;
  let deadLetters: number;
  for (;;) {
    deadLetters = (await withDb(database, outboxCounts)).dead;
    const delivery = analyseDelivery(fake.messages, expected);
    if (delivery.lost.length <= deadLetters || Date.now() > deadline) break;
    await sleep(100);
  }
  const settledMs = Date.now() - recoveredAt;
  const atBound = analyseDelivery(fake.messages, expected);
  const attempts = await withDb(database, maxAttempts);
  const deadErrors = await withDb(database, deadLetterErrors);
  const circuitOpened = logLines(server.server).filter((l) => l['msg'] === 'circuit opened: publishing paused').length;

  // A dead letter is kept, not lost: an operator's redrive delivers it.
  const redrive = await send({
    method: 'POST',
    url: `${server.url}/admin/dead-letters/redrive`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    timeoutMs: 5_000,
  });
  const final = await awaitDelivery(fake, expected, 15_000);
  const deadRatio = deadLetters / Math.max(1, expected.length);

  recordRow({
    scenario: '2 SNS outage 60 s (30 s refuse/reset, 30 s 503/throttle) [sqlite]',
    requests: report.records.length,
    accepted: report.accepted.length,
    expected: final.expected,
    delivered: atBound.delivered,
    duplicates: final.duplicates,
    deadLetters,
    lost: final.lost.length,
    seconds: stage.seconds(),
    notes:
      `settled ${settledMs} ms after recovery; dead ${(deadRatio * 100).toFixed(2)}% (${deadErrors}; redriven, then delivered); ` +
      `failed publish requests in the outage ${outageRequests} (${phaseRequests.join(', ')}); breaker opened ${circuitOpened}x; max attempts ${attempts}; ` +
      `${acceptedAtRecovery.length} written before recovery; ${describeOutcomes(report.outcomes)}`,
  });

  // Writes never depended on SNS.
  expect(Object.keys(report.outcomes)).toEqual(['201']);
  expect(circuitOpened).toBeGreaterThan(0);
  expect(atBound.lost.length, `not delivered ${RECOVERY_BOUND_MS} ms after recovery: ${describeLost(atBound)}`).toBeLessThanOrEqual(deadLetters);
  expect(settledMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS + 500);
  expect.soft(deadRatio, `${deadLetters} dead letters of ${expected.length}`).toBeLessThanOrEqual(0.01);
  expect(redrive.kind === 'response' && redrive.status).toBe(200);
  expect(final.lost, describeLost(final)).toEqual([]);
});
