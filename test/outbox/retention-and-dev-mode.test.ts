import { afterAll, beforeAll, expect, it } from 'vitest';
import { RetentionJob } from '../../src/outbox/retention.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('retention and development mode', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // No SNS_TOPIC_ARN: the log publisher stands in for SNS (in the publisher's thread, whose lines join the app's).
    t = await createTestApp(dialect, { env: { OUTBOX_POLL_INTERVAL_MS: '50', OUTBOX_RETENTION_HOURS: '24' }, start: true });
  });
  afterAll(async () => t.close());

  it('publishes to the log when no topic is configured, with personal fields redacted, and says so at start-up', async () => {
    const person = somePerson({ firstName: 'Wilhelmina' });
    const created = await t.app.inject({ method: 'POST', url: '/people', payload: person });
    const id = created.json<{ id: string }>().id;
    await expect.poll(() => t.logs.lines.some((l) => l['msg'] === 'message published' && l['aggregateId'] === id)).toBe(true);
    expect(t.deps.dispatcher.status().destination).toBe('log');
    expect(t.logs.lines.some((l) => String(l['msg']).startsWith('SNS_TOPIC_ARN is not set'))).toBe(true);
    const line = t.logs.lines.find((l) => l['msg'] === 'event published to the log');
    expect(line?.['cloudEvent']).toMatchObject({ type: 'person.created', subject: id, data: { id, firstName: '[redacted]', email: '[redacted]' } });
    expect(t.logs.raw).not.toContain('Wilhelmina');
  });

  it('deletes published rows past the retention period in batches, and keeps pending, dead and recent rows', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 25 * 3_600_000).toISOString();
    const recent = new Date(now.getTime() - 3_600_000).toISOString();
    const row = (id: string, status: 'pending' | 'published' | 'dead', publishedAt: string | null) => ({
      id,
      event_type: 'test.retention',
      aggregate_type: 'test',
      aggregate_id: id,
      payload: '{}',
      correlation_id: 'retention',
      traceparent: null,
      created_at: old,
      status,
      attempts: 0,
      next_attempt_at: status === 'pending' ? new Date(now.getTime() + 3_600_000).toISOString() : old,
      published_at: publishedAt,
    });
    const oldIds = Array.from({ length: 1_203 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    for (let i = 0; i < oldIds.length; i += 300) {
      await t.deps.db.insertInto('outbox').values(oldIds.slice(i, i + 300).map((id) => row(id, 'published', old))).execute();
    }
    await t.deps.db
      .insertInto('outbox')
      .values([
        row('00000000-0000-7000-9000-000000000001', 'published', recent),
        row('00000000-0000-7000-9000-000000000002', 'dead', null),
        row('00000000-0000-7000-9000-000000000003', 'pending', null),
      ])
      .execute();

    const job = new RetentionJob(t.deps.db, 24, t.deps.logger, () => now);
    expect(await job.runIfDue()).toBe(1_203);
    // Once a minute at most.
    expect(await job.runIfDue()).toBe(0);
    const left = await t.deps.db.selectFrom('outbox').select(['id', 'status']).where('event_type', '=', 'test.retention').orderBy('id').execute();
    expect(left.map((r) => r.status)).toEqual(['published', 'dead', 'pending']);
  });
});
