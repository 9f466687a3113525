import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../helpers/dialects.js';
import { analyseDelivery, awaitDelivery, createdEvents, describeLost, outOfOrder, type ExpectedEvent } from './support/delivery.js';
import { Instances, logLines, sleep, type Instance } from './support/instances.js';
import { CreateLoad, describeOutcomes } from './support/load.js';
import { leasedBy, outboxCounts, statusOf, withDb } from './support/outbox.js';
import { createUpdateDelete, forEachLimited, LIFECYCLE_ORDER } from './support/people.js';
import { Stage } from './support/stage.js';
import { deliveryFigures, recordRow } from './support/summary.js';

/**
 * Scenario 3. Three server processes share one PostgreSQL outbox behind a round-robin client.
 * In normal operation every event goes out exactly once and one person's events, written
 * through three different instances, leave in commit order. Then one instance is SIGKILLed
 * mid-run: the rows it had leased are published by the others once the lease expires.
 */
const LIFECYCLES = 90;
const LEASE_MS = 2_000;

describe.runIf(dialects.includes('postgres'))('three instances on one PostgreSQL outbox', () => {
  let stage: Stage;
  let instances: Instance[] = [];

  beforeAll(async () => {
    stage = await Stage.open('postgres');
    const env = stage.env({
      OUTBOX_LEASE_MS: String(LEASE_MS),
      OUTBOX_BATCH_SIZE: '10',
      OUTBOX_CONCURRENCY: '2',
      OUTBOX_POLL_INTERVAL_MS: '200',
      SNS_REQUEST_TIMEOUT_MS: '5000',
      DB_POOL_MAX: '4',
    });
    // The first start migrates the schema; the other two find it migrated.
    instances = [await stage.instances.start(env)];
    instances.push(...(await Promise.all([stage.instances.start(env), stage.instances.start(env)])));
    // SNS takes a moment per call, so batches are in flight when an instance dies.
    stage.fake.setFault({ delayMs: 40 });
  }, 90_000);
  afterAll(async () => {
    await stage.close();
  });

  it(`normal operation: ${LIFECYCLES} create > update > delete sequences across 3 instances, exactly once, in order`, { timeout: 90_000 }, async () => {
    const started = Date.now();
    const expected: ExpectedEvent[] = [];
    const unexpected: string[] = [];
    await forEachLimited(LIFECYCLES, 6, async (i) => {
      const urls = [0, 1, 2].map((step) => instances[(i + step) % 3]?.url ?? '') as [string, string, string];
      const lifecycle = await createUpdateDelete(urls);
      if (lifecycle.id !== undefined) expected.push(...lifecycle.acknowledged.map((type) => ({ subject: lifecycle.id ?? '', type })));
      if (lifecycle.acknowledged.length < 3) unexpected.push(JSON.stringify(lifecycle.outcomes.at(-1)));
    });
    await awaitDelivery(stage.fake, expected, 20_000);
    await sleep(1_000);
    const delivery = analyseDelivery(stage.fake.messages, expected);
    const disorder = outOfOrder(delivery, LIFECYCLE_ORDER);
    const counts = await withDb(stage.database, outboxCounts);
    const byInstance = instances.map((instance) => logLines(instance.server).filter((l) => l['msg'] === 'message published').length);

    recordRow({
      scenario: '3a three instances, normal [postgres]',
      requests: LIFECYCLES * 3,
      accepted: expected.length,
      expected: delivery.expected,
      delivered: delivery.delivered,
      duplicates: delivery.duplicates,
      deadLetters: counts.dead,
      lost: delivery.lost.length,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      notes: `published per instance ${byInstance.join('/')}; out of order ${disorder.length}; messages ${delivery.events.length}`,
    });

    expect(unexpected).toEqual([]);
    expect(delivery.lost, describeLost(delivery)).toEqual([]);
    expect(delivery.duplicates).toBe(0);
    expect(delivery.events).toHaveLength(LIFECYCLES * 3);
    expect(disorder).toEqual([]);
    expect(byInstance.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('one instance SIGKILLed mid-run: its leased rows are delivered by the others; nothing lost', { timeout: 90_000 }, async () => {
    const started = Date.now();
    stage.fake.clearMessages();
    const victim = instances[1];
    if (!victim) throw new Error('no instance');
    const survivors = instances.filter((i) => i !== victim);
    const load = new CreateLoad({
      targets: () => instances.filter((i) => i.alive()).map((i) => i.url),
      concurrency: 6,
      maxRequests: 20_000,
      maxDurationMs: 30_000,
      timeoutMs: 10_000,
    });
    // Kill when the victim holds a lease, so the take-over is really exercised (bounded wait).
    await sleep(2_500);
    let leased: string[] = [];
    for (let tries = 0; tries < 100 && leased.length === 0; tries++) {
      leased = await withDb(stage.database, (db) => leasedBy(db, victim.ownerPattern));
      if (leased.length === 0) await sleep(20);
    }
    await Instances.kill(victim);
    const killedAt = Date.now();
    const leasedAtKill = await withDb(stage.database, (db) => leasedBy(db, victim.ownerPattern));
    await sleep(3_000);
    const report = await load.stop();
    const expected = createdEvents(report.accepted);
    await awaitDelivery(stage.fake, expected, 20_000);
    await sleep(1_000);
    const delivery = analyseDelivery(stage.fake.messages, expected);
    const statuses = await withDb(stage.database, (db) => statusOf(db, leasedAtKill));
    const takenOver = leasedAtKill.filter((id) =>
      survivors.some((s) => logLines(s.server).some((l) => l['msg'] === 'message published' && l['eventId'] === id)),
    );
    // The survivors' copies (a copy from before the kill is the victim's own publish).
    const takeOverAt = delivery.events
      .filter((e) => leasedAtKill.includes(e.id) && e.receivedAt.getTime() >= killedAt)
      .map((e) => e.receivedAt.getTime() - killedAt);
    const counts = await withDb(stage.database, outboxCounts);

    recordRow({
      scenario: '3b three instances, one SIGKILLed [postgres]',
      ...deliveryFigures(report, delivery, counts.dead),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      notes:
        `victim leased ${leasedAtKill.length} at kill, ${takenOver.length} republished by survivors ` +
        `${takeOverAt.length > 0 ? Math.min(...takeOverAt) : '-'}..${takeOverAt.length > 0 ? Math.max(...takeOverAt) : '-'} ms after the kill (lease ${LEASE_MS} ms); ` +
        describeOutcomes(report.outcomes),
    });

    expect(delivery.lost, describeLost(delivery)).toEqual([]);
    expect(counts.pending).toBe(0);
    expect(leasedAtKill.length).toBeGreaterThan(0);
    expect([...statuses.values()].every((s) => s === 'published')).toBe(true);
    expect(takenOver.sort()).toEqual([...leasedAtKill].sort());
    expect(delivery.duplicates).toBeLessThanOrEqual(leasedAtKill.length);
    expect(Object.keys(report.outcomes).filter((k) => /^\d+$/.test(k) && k !== '201')).toEqual([]);
  });
});
