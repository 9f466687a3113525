import { expect, it } from 'vitest';
import { BASE_SECRET_ACCESS_KEY, ROLE_ARN } from '../helpers/aws.js';
import { awaitDelivery, createdEvents, describeLost } from './support/delivery.js';
import { jsonBody, send } from './support/http.js';
import { logLines, sleep, waitFor } from './support/instances.js';
import { CreateLoad, describeOutcomes } from './support/load.js';
import { maxAttempts, outboxCounts, withDb } from './support/outbox.js';
import { useStage } from './support/stage.js';
import { deliveryFigures, recordRow } from './support/summary.js';

/**
 * Scenario 6. Credentials come from STS AssumeRole. Under a create load they are expired
 * behind the SDK's back (SNS answers ExpiredToken), then issued with a 2 s lifetime (so the
 * SDK assumes the role again for every call), then AssumeRole is denied for 6 s. Nothing is
 * lost or dead-lettered; while denied, readiness says why; the logs name the role but hold no
 * secret; delivery resumes by itself.
 */
interface Ready {
  readonly status: string;
  readonly outbox?: { readonly reason?: string; readonly pending: number; readonly circuit: string };
}

const stages = useStage();

it('expired and short-lived credentials, then AssumeRole denied: nothing lost or dead, readiness explains, no secret logged', { timeout: 150_000 }, async () => {
  const stage = await stages.open('sqlite');
  const { fake, database } = stage;
  const server = await stage.instances.start(
    stage.env({
      OUTBOX_POLL_INTERVAL_MS: '200',
      OUTBOX_RETRY_BASE_DELAY_MS: '200',
      OUTBOX_MAX_RETRIES: '3',
      CIRCUIT_BREAKER_THRESHOLD: '5',
      CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '1000',
      SNS_REQUEST_TIMEOUT_MS: '5000',
    }),
  );
  const load = new CreateLoad({ targets: () => [server.url], concurrency: 3, pauseMs: 40, maxRequests: 20_000, maxDurationMs: 60_000, timeoutMs: 5_000 });

  // Phase 1: cached credentials that SNS suddenly calls expired (twice).
  await sleep(1_500);
  fake.expireCredentials();
  await sleep(2_000);
  fake.expireCredentials();
  await sleep(1_500);

  // Phase 2: 2 s credentials; the SDK renews any that expire within 5 minutes, so every call assumes the role.
  fake.setFault({ credentialLifetimeSeconds: 2 });
  fake.expireCredentials();
  const assumedBefore = fake.assumeRoleCalls.length;
  await sleep(6_000);
  const assumedShortLived = fake.assumeRoleCalls.length - assumedBefore;

  // Phase 3: AssumeRole denied for 6 s.
  fake.setFault({ assumeRoleDenied: true });
  const deniedAt = Date.now();
  let degraded: Ready | undefined;
  await waitFor(async () => {
    const outcome = await send({ method: 'GET', url: `${server.url}/health/ready`, timeoutMs: 5_000 });
    const ready = outcome.kind === 'response' && outcome.status === 200 ? (jsonBody(outcome) as Ready) : undefined;
    if (ready?.status === 'degraded') degraded = ready;
    return degraded !== undefined && Date.now() - deniedAt > 3_000;
  }, 6_000);
  const sinceDenied = Date.now() - deniedAt;
  if (sinceDenied < 6_000) await sleep(6_000 - sinceDenied);
  const duringDenial = await withDb(database, outboxCounts);
  const attemptsDuringDenial = await withDb(database, maxAttempts);
  fake.setFault({ assumeRoleDenied: false });
  const allowedAt = Date.now();
  await sleep(2_000);
  const report = await load.stop();

  const expected = createdEvents(report.accepted);
  const delivery = await awaitDelivery(fake, expected, 20_000);
  const resumedMs = Math.max(0, ...delivery.events.map((e) => e.receivedAt.getTime() - allowedAt));
  const counts = await withDb(database, outboxCounts);
  const expiredFailures = logLines(server.server).filter((l) => l['msg'] === 'publish request failed' && l['code'] === 'ExpiredToken').length;
  const logs = `${server.server.output()}\n${server.stderr()}`;
  const secrets = [
    BASE_SECRET_ACCESS_KEY,
    ...fake.issuedCredentials.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
  ];
  const leaked = secrets.filter((secret) => logs.includes(secret));
  const deniedLines = logLines(server.server).filter((l) => JSON.stringify(l).includes('AccessDenied'));

  recordRow({
    scenario: '6 credentials: expired, 2 s lifetime, AssumeRole denied 6 s [sqlite]',
    ...deliveryFigures(report, delivery, counts.dead),
    seconds: stage.seconds(),
    notes:
      `ExpiredToken failures ${expiredFailures}; AssumeRole calls ${fake.assumeRoleCalls.length} (${assumedShortLived} in 6 s of 2 s credentials); ` +
      `denied: pending ${duringDenial.pending}, dead ${duringDenial.dead}, max attempts ${attemptsDuringDenial}, ready "${degraded?.status ?? 'not degraded'}: ${degraded?.outbox?.reason ?? '-'}"; ` +
      `backlog out ${resumedMs} ms after AssumeRole allowed; secrets in logs ${leaked.length} of ${secrets.length}; ${describeOutcomes(report.outcomes)}`,
  });

  expect(Object.keys(report.outcomes)).toEqual(['201']);
  expect(expiredFailures).toBeGreaterThan(0);
  expect(assumedShortLived).toBeGreaterThan(2);
  // While denied: messages wait (no dead letter), readiness explains.
  expect(duringDenial.pending).toBeGreaterThan(0);
  expect(duringDenial.dead).toBe(0);
  expect(degraded?.status).toBe('degraded');
  expect(degraded?.outbox?.reason).toMatch(/AccessDenied/);
  expect(deniedLines.some((l) => JSON.stringify(l).includes(ROLE_ARN))).toBe(true);
  expect(logs).toContain(ROLE_ARN);
  expect(leaked).toEqual([]);
  // Afterwards: everything out, nothing dead.
  expect(delivery.lost, describeLost(delivery)).toEqual([]);
  expect(counts.dead).toBe(0);
  expect(counts.pending).toBe(0);
  expect(resumedMs).toBeLessThanOrEqual(15_000);
});
