import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/people/schemas.js';
import { analyseDelivery, awaitDelivery, createdEvents } from './support/delivery.js';
import {
  hostileRequests,
  invalidUtf8Requests,
  loneSurrogateRequests,
  malformedHttp,
  oversizedBodies,
  validPerson,
  type HostileRequest,
  type PersonBody,
  type RawHostileRequest,
} from './support/hostile.js';
import { jsonBody, keepAliveAgent, problemOf, send, type HttpOutcome } from './support/http.js';
import { rssMiB, sleep, type Instance } from './support/instances.js';
import { describeOutcomes } from './support/load.js';
import { outboxCounts, peopleCount, withDb } from './support/outbox.js';
import { forEachLimited } from './support/people.js';
import { RawExchange, type RawOutcome } from './support/raw.js';
import { Stage } from './support/stage.js';
import { recordRow } from './support/summary.js';

/**
 * Scenario 7. Thousands of generated bad requests (fast-check): wrong types, missing and
 * unknown fields, huge strings, deep nesting, control characters and NUL, SQL and script
 * payloads, bad dates and emails, malformed JSON, bad headers (content type, Idempotency-Key,
 * If-Match, X-Correlation-Id), bad paths and queries, oversized bodies, invalid UTF-8, broken
 * HTTP framing and slow clients. Every answer is a 4xx problem+json, the process stays up,
 * its memory comes back near where it was, and nothing is stored except through a valid
 * request, whose values (unicode included) come back exactly.
 */
const SEED = Number(process.env['RELIABILITY_SEED'] ?? Date.now() % 1_000_000);
const PER_CATEGORY = 260;
const VALID_PEOPLE = 150;
const REQUEST_TIMEOUT_MS = 30_000;
/** Node checks request timeouts every 30 s (connectionsCheckingInterval), so a cut-off can come that much later. */
const SLOW_CUTOFF_BOUND_MS = REQUEST_TIMEOUT_MS + 30_000 + 5_000;

interface Checked {
  readonly category: string;
  readonly outcome: string;
  readonly failure: string | null;
}

const INTERNALS = /SQLITE|sqlite3|node_modules|\bat \S+\.(ts|js):\d+|kysely|stack/i;
const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** null when the answer is a 4xx problem+json that leaks nothing; else what is wrong with it. */
function verdict(request: HostileRequest, outcome: HttpOutcome): string | null {
  if (outcome.kind === 'error') return `no answer (${outcome.code})`;
  if (outcome.status < 400 || outcome.status > 499) return `status ${outcome.status}: ${outcome.body.slice(0, 120)}`;
  if (problemOf(outcome) === null) return `${outcome.status} not problem+json (${outcome.headers['content-type'] ?? 'no type'}): ${outcome.body.slice(0, 120)}`;
  if (INTERNALS.test(outcome.body)) return `internals in body: ${outcome.body.slice(0, 160)}`;
  const echoed = outcome.headers['x-correlation-id'];
  const hostile = request.hostileCorrelationId;
  if (hostile !== undefined && !SAFE_CORRELATION_ID.test(hostile) && echoed === hostile) return 'hostile X-Correlation-Id echoed';
  return null;
}

function rawVerdict(outcome: RawOutcome): string | null {
  if (outcome.status === null) return `no answer (${outcome.error ?? 'closed'})`;
  if (outcome.status < 400 || outcome.status > 499) return `status ${outcome.status}: ${outcome.body.slice(0, 120)}`;
  if (!/^application\/problem\+json(;|$)/.test(outcome.headers['content-type'] ?? '')) {
    return `${outcome.status} not problem+json (${outcome.headers['content-type'] ?? 'no type'}): ${outcome.body.slice(0, 120)}`;
  }
  return null;
}

function outcomeKey(outcome: HttpOutcome | RawOutcome): string {
  if ('kind' in outcome) return outcome.kind === 'response' ? String(outcome.status) : outcome.code;
  return outcome.status === null ? (outcome.error ?? 'closed') : String(outcome.status);
}

/** { "category: kind": "count x, e.g. first example" } for the failures only; kind = text before the first ':'. */
function failuresByCategory(checked: readonly Checked[]): Record<string, string> {
  const groups = new Map<string, { count: number; first: string }>();
  for (const c of checked) {
    if (c.failure === null) continue;
    const key = `${c.category}: ${c.failure.split(':')[0] ?? ''}`;
    const group = groups.get(key) ?? { count: 0, first: c.failure };
    group.count += 1;
    groups.set(key, group);
  }
  return Object.fromEntries([...groups].map(([key, g]) => [key, `${g.count}x, e.g. ${g.first.slice(0, 240)}`]));
}

function tally(checked: readonly Checked[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of checked) counts[c.outcome] = (counts[c.outcome] ?? 0) + 1;
  return counts;
}

describe('hostile input', () => {
  let stage: Stage;
  let server: Instance;
  let seed: Person;
  let baselineMiB = 0;
  let peakMiB = 0;
  let afterMiB = 0;
  const checked: Checked[] = [];
  const slow: { kind: string; exchange: RawExchange; started: number }[] = [];
  let slowOutcomes: string[] = [];
  const valid = { sent: 0, created: [] as string[], mismatches: [] as string[] };
  let stored = { before: 0, after: 0 };

  const get = (path: string): Promise<HttpOutcome> => send({ method: 'GET', url: `${server.url}${path}`, timeoutMs: 10_000 });

  async function fire(requests: readonly HostileRequest[], concurrency: number): Promise<void> {
    const agent = keepAliveAgent(concurrency);
    try {
      await forEachLimited(requests.length, concurrency, async (i) => {
        const request = requests[i];
        if (!request) return;
        const outcome = await send({ method: request.method, url: `${server.url}${request.path}`, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }), timeoutMs: 15_000, agent });
        checked.push({ category: request.category, outcome: outcomeKey(outcome), failure: verdict(request, outcome) });
      });
    } finally {
      agent.destroy();
    }
  }

  async function fireRaw(requests: readonly RawHostileRequest[]): Promise<void> {
    await forEachLimited(requests.length, 4, async (i) => {
      const request = requests[i];
      if (!request) return;
      const exchange = new RawExchange(server.url, 15_000);
      exchange.end(request.bytes);
      const outcome = await exchange.response;
      checked.push({ category: request.category, outcome: outcomeKey(outcome), failure: rawVerdict(outcome) });
    });
  }

  beforeAll(async () => {
    stage = await Stage.open('sqlite');
    server = await stage.instances.start(stage.env({ OUTBOX_POLL_INTERVAL_MS: '200' }));
    // Slow clients first: they dribble for the whole file, while everything else is served.
    for (let i = 0; i < 3; i++) {
      const exchange = new RawExchange(server.url, SLOW_CUTOFF_BOUND_MS + 10_000);
      exchange.write('POST /people HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{');
      slow.push({ kind: 'slow body', exchange, started: Date.now() });
    }
    const headers = new RawExchange(server.url, SLOW_CUTOFF_BOUND_MS + 10_000);
    headers.write('POST /people HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    slow.push({ kind: 'slow headers', exchange: headers, started: Date.now() });
    const drip = setInterval(() => {
      for (const s of slow) s.exchange.write(s.kind === 'slow body' ? ' ' : `X-Drip-${Date.now()}: 1\r\n`);
    }, 2_000);
    stage.onClose(() => {
      clearInterval(drip);
      for (const s of slow) s.exchange.destroy();
    });

    const created = await send({
      method: 'POST',
      url: `${server.url}/people`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Seed', lastName: 'Person', email: `seed-${process.pid}@example.com`, dateOfBirth: '1980-05-05' }),
      timeoutMs: 10_000,
    });
    seed = jsonBody(created) as Person;
    // Warm-up (JIT, pools, caches), then the memory baseline.
    const warmUp = fc.sample(fc.oneof(...hostileRequests(seed.id).map((c) => c.arbitrary)), { numRuns: 400, seed: SEED + 1 });
    const agent = keepAliveAgent(4);
    await forEachLimited(warmUp.length, 4, async (i) => {
      const r = warmUp[i];
      if (r) await send({ method: r.method, url: `${server.url}${r.path}`, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }), timeoutMs: 15_000, agent });
    });
    agent.destroy();
    await sleep(1_000);
    baselineMiB = rssMiB(server.pid);
  }, 90_000);

  afterAll(async () => {
    const bad = checked.length;
    const failures = checked.filter((c) => c.failure !== null).length;
    let delivered = 0;
    let duplicates = 0;
    let deadLetters = 0;
    let lost = valid.created.length;
    try {
      const delivery = analyseDelivery(stage.fake.messages, createdEvents(valid.created));
      delivered = delivery.delivered;
      duplicates = delivery.duplicates;
      lost = delivery.lost.length;
      deadLetters = (await withDb(stage.database, outboxCounts)).dead;
    } finally {
      recordRow({
        scenario: '7 hostile input (fast-check) [sqlite]',
        requests: bad + valid.sent,
        accepted: valid.created.length,
        expected: valid.created.length,
        delivered,
        duplicates,
        deadLetters,
        lost,
        seconds: stage.seconds(),
        notes:
          `seed ${SEED}; ${bad} bad requests: ${describeOutcomes(tally(checked))}; ${failures} not a clean 4xx problem ` +
          `(${Object.entries(failuresByCategory(checked)).map(([k, v]) => `${k} ${v.split(',')[0] ?? ''}`).join('; ') || 'none'}); ` +
          `rows ${stored.before} -> ${stored.after} around the storm; RSS ${baselineMiB} -> peak ${peakMiB} -> ${afterMiB} MiB; ` +
          `round-trip mismatches ${valid.mismatches.length}; slow clients: ${slowOutcomes.join(', ') || 'not checked'}`,
      });
      await stage.close();
    }
  }, 60_000);

  it(`${PER_CATEGORY} generated requests per category (5,000+): every answer a 4xx problem+json, nothing stored`, { timeout: 120_000 }, async () => {
    const categories = hostileRequests(seed.id);
    const requests = categories.flatMap(({ arbitrary }, i) => fc.sample(arbitrary, { numRuns: PER_CATEGORY, seed: SEED + 10 + i }));
    requests.push(...oversizedBodies(20));
    const shuffled = fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length }), { numRuns: 1, seed: SEED })[0] ?? requests;
    stored = { before: await withDb(stage.database, peopleCount), after: 0 };
    const outboxBefore = await withDb(stage.database, outboxCounts);
    const sampler = setInterval(() => {
      if (server.alive()) peakMiB = Math.max(peakMiB, rssMiB(server.pid));
    }, 250);
    try {
      await fire(shuffled, 8);
    } finally {
      clearInterval(sampler);
    }
    stored = { ...stored, after: await withDb(stage.database, peopleCount) };
    const outboxAfter = await withDb(stage.database, outboxCounts);
    const seedNow = await get(`/people/${seed.id}`);

    expect(shuffled.length).toBeGreaterThanOrEqual(5_000);
    expect(server.alive()).toBe(true);
    expect(failuresByCategory(checked)).toEqual({});
    expect(stored.after).toBe(stored.before);
    expect(outboxAfter).toEqual(outboxBefore);
    // The person that bad PUTs and DELETEs aimed at is untouched.
    expect(seedNow.kind === 'response' && seedNow.status).toBe(200);
    expect(jsonBody(seedNow) as Person).toEqual(seed);
  });

  it('bytes that are not UTF-8 and lone surrogates are refused, not stored altered', { timeout: 60_000 }, async () => {
    const before = await withDb(stage.database, peopleCount);
    const start = checked.length;
    await fireRaw(invalidUtf8Requests(35));
    await fire(loneSurrogateRequests(20), 4);
    const mine = checked.slice(start);
    const after = await withDb(stage.database, peopleCount);

    expect(server.alive()).toBe(true);
    expect(failuresByCategory(mine)).toEqual({});
    expect(after - before).toBe(0);
  });

  it('broken HTTP framing and headers are answered with a 4xx problem+json too', { timeout: 60_000 }, async () => {
    const start = checked.length;
    await fireRaw(malformedHttp());
    const mine = checked.slice(start);

    expect(server.alive()).toBe(true);
    expect(failuresByCategory(mine)).toEqual({});
  });

  it(`${VALID_PEOPLE} valid people with generated unicode names round-trip exactly (201, GET and the SNS message)`, { timeout: 60_000 }, async () => {
    const people = fc.sample(validPerson, { numRuns: VALID_PEOPLE, seed: SEED + 2 });
    const compare = (label: string, sent: PersonBody, got: Partial<Person> | Record<string, unknown>): void => {
      const want = { firstName: sent.firstName, lastName: sent.lastName, email: sent.email, dateOfBirth: sent.dateOfBirth ?? null };
      const have = { firstName: got['firstName'], lastName: got['lastName'], email: got['email'], dateOfBirth: got['dateOfBirth'] };
      if (JSON.stringify(want) !== JSON.stringify(have)) valid.mismatches.push(`${label}: sent ${JSON.stringify(want)} got ${JSON.stringify(have)}`);
    };
    const byId = new Map<string, PersonBody>();
    await forEachLimited(people.length, 4, async (i) => {
      const person = people[i];
      if (!person) return;
      valid.sent += 1;
      const created = await send({ method: 'POST', url: `${server.url}/people`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(person), timeoutMs: 10_000 });
      if (created.kind !== 'response' || created.status !== 201) {
        valid.mismatches.push(`POST ${JSON.stringify(person)} -> ${outcomeKey(created)} ${created.kind === 'response' ? created.body.slice(0, 200) : ''}`);
        return;
      }
      const body = jsonBody(created) as Person;
      valid.created.push(body.id);
      byId.set(body.id, person);
      compare('201', person, body);
      const read = await get(`/people/${body.id}`);
      compare('GET', person, read.kind === 'response' ? (jsonBody(read) as Person) : {});
    });
    const delivery = await awaitDelivery(stage.fake, createdEvents(valid.created), 20_000);
    for (const event of delivery.events) {
      const sent = byId.get(event.subject);
      if (sent) compare('SNS', sent, event.data);
    }

    expect(valid.mismatches).toEqual([]);
    expect(valid.created).toHaveLength(VALID_PEOPLE);
    expect(delivery.lost).toEqual([]);
  });

  it('after the storm the process is up and its memory is back near the baseline', { timeout: 60_000 }, async () => {
    await sleep(3_000);
    afterMiB = rssMiB(server.pid);
    const live = await get('/health/live');

    expect(live.kind === 'response' && live.status).toBe(200);
    expect(afterMiB, `RSS ${baselineMiB} -> peak ${peakMiB} -> ${afterMiB} MiB`).toBeLessThanOrEqual(baselineMiB * 1.25 + 32);
  });

  it(`slow bodies and slow headers are cut off with a 4xx within ${SLOW_CUTOFF_BOUND_MS / 1000} s`, { timeout: SLOW_CUTOFF_BOUND_MS + 30_000 }, async () => {
    const results = await Promise.all(
      slow.map(async (s) => {
        const remaining = s.started + SLOW_CUTOFF_BOUND_MS - Date.now();
        const outcome = await Promise.race([s.exchange.response, sleep(Math.max(0, remaining)).then(() => null)]);
        if (outcome === null) s.exchange.destroy();
        const ms = Date.now() - s.started;
        return { kind: s.kind, ms, outcome };
      }),
    );
    slowOutcomes = results.map((r) => `${r.kind} ${r.outcome ? `${outcomeKey(r.outcome)} after ${Math.round(r.ms / 1000)} s` : `still open after ${Math.round(r.ms / 1000)} s`}`);

    for (const r of results) {
      expect(r.outcome, `${r.kind}: not cut off within ${SLOW_CUTOFF_BOUND_MS} ms`).not.toBeNull();
      expect(r.outcome?.status ?? 400).toBeGreaterThanOrEqual(400);
      expect(r.outcome?.status ?? 499).toBeLessThan(500);
    }
    expect(server.alive()).toBe(true);
  });
});
