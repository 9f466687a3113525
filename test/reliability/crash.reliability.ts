import { expect, it } from 'vitest';
import { analyseDelivery, awaitDelivery, createdEvents, describeLost } from './support/delivery.js';
import { Instances, sleep, type Instance } from './support/instances.js';
import { CreateLoad, describeOutcomes } from './support/load.js';
import { leasedBy, outboxCounts, withDb } from './support/outbox.js';
import { useStage } from './support/stage.js';
import { deliveryFigures, recordRow } from './support/summary.js';

/**
 * Scenario 1. Under a steady create load the server is SIGKILLed at random moments and
 * restarted on the same SQLite file. Every 201 must reach SNS; re-deliveries are allowed
 * (at-least-once) but only for rows that were leased, i.e. in flight, at a kill.
 */
const KILLS = 5;
const BATCH_SIZE = 20;

const stages = useStage();

it(`SIGKILL x${KILLS} under load: every 201 is published, duplicates only from rows in flight`, { timeout: 150_000 }, async () => {
  const stage = await stages.open('sqlite');
  const { fake, database } = stage;
  const env = stage.env({
    OUTBOX_LEASE_MS: '1000',
    OUTBOX_BATCH_SIZE: String(BATCH_SIZE),
    OUTBOX_POLL_INTERVAL_MS: '200',
    OUTBOX_RETRY_BASE_DELAY_MS: '200',
    CIRCUIT_BREAKER_THRESHOLD: '5',
    CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '1000',
    SNS_REQUEST_TIMEOUT_MS: '5000',
  });
  // SNS takes a moment per call, so that kills land while batches are being published.
  fake.setFault({ delayMs: 25 });
  let current: Instance = await stage.instances.start(env);
  const load = new CreateLoad({
    targets: () => (current.alive() ? [current.url] : []),
    concurrency: 6,
    pauseMs: 5,
    maxRequests: 20_000,
    maxDurationMs: 60_000,
    timeoutMs: 10_000,
  });

  const inFlightAtKill: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    await sleep(700 + Math.random() * 1_500);
    await Instances.kill(current);
    // What the dead process held: leased rows (being published, maybe already at SNS).
    inFlightAtKill.push((await withDb(database, (db) => leasedBy(db, current.ownerPattern))).length);
    current = await stage.instances.start(env);
  }
  await sleep(1_000);
  const report = await load.stop();
  const expected = createdEvents(report.accepted);
  await awaitDelivery(fake, expected, 20_000);
  // Let a re-delivery still on its way arrive before counting duplicates.
  await sleep(1_500);
  const delivery = analyseDelivery(fake.messages, expected);
  const counts = await withDb(database, outboxCounts);
  const inFlight = inFlightAtKill.reduce((a, b) => a + b, 0);

  recordRow({
    scenario: '1 crash: SIGKILL x5 + restart [sqlite]',
    ...deliveryFigures(report, delivery, counts.dead),
    seconds: stage.seconds(),
    notes: `leased at kills ${inFlightAtKill.join('+')}=${inFlight} (bound ${KILLS}x${BATCH_SIZE}); ${describeOutcomes(report.outcomes)}`,
  });

  expect(report.accepted.length).toBeGreaterThan(100);
  expect(delivery.lost, describeLost(delivery)).toEqual([]);
  expect(counts.pending).toBe(0);
  expect(counts.dead).toBe(0);
  // Only a row that was leased at a kill can go out twice; at most one batch per kill.
  expect(delivery.duplicates).toBeLessThanOrEqual(inFlight);
  expect(inFlight).toBeLessThanOrEqual(KILLS * BATCH_SIZE);
  // No request got an answer other than 201 (the ones cut by a kill got no answer at all).
  expect(Object.keys(report.outcomes).filter((k) => /^\d+$/.test(k) && k !== '201')).toEqual([]);
});
