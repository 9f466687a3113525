import { expect, it } from 'vitest';
import { parseEvent } from '../helpers/aws.js';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { somePerson } from '../helpers/test-app.js';

describeEachDialect('correlation ids end to end', (dialect) => {
  const ctx = useAppWithFakeAws(dialect);

  it('carries the caller\'s id from the request to the SNS message, the outbox row and every log line', async () => {
    const correlationId = 'order-42:retry.1_A-b';
    const response = await ctx.t.app.inject({
      method: 'POST',
      url: '/people',
      payload: somePerson(),
      headers: { 'x-correlation-id': correlationId },
    });
    expect(response.headers['x-correlation-id']).toBe(correlationId);
    const person = response.json<{ id: string }>();
    const [message] = await ctx.fake.waitForMessages(1, 5_000);
    expect(message?.messageAttributes['correlationId']?.StringValue).toBe(correlationId);
    expect(parseEvent(message?.message ?? '{}').correlationid).toBe(correlationId);
    const row = await ctx.t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.correlation_id).toBe(correlationId);

    await expect.poll(() => ctx.t.logs.lines.some((l) => l['msg'] === 'message published' && l['aggregateId'] === person.id)).toBe(true);
    const lines = ctx.t.logs.lines.filter((l) => l['aggregateId'] === person.id || l['correlationId'] === correlationId);
    const stages = lines.map((l) => l['msg']);
    expect(stages).toEqual(expect.arrayContaining(['event enqueued', 'message claimed', 'message published', 'request completed']));
    for (const line of lines) expect(line['correlationId']).toBe(correlationId);
    // The key is written once per line (no duplicate from a binding and the mixin).
    const rawLines = ctx.t.logs.raw.split('\n').filter((l) => l.includes(correlationId));
    for (const raw of rawLines) expect(raw.split('"correlationId"').length).toBe(2);
  });

  it.each([
    ['spaces', 'has spaces'],
    ['too long', 'x'.repeat(129)],
    ['control characters', 'abc\u0007def'],
    ['script', '<script>alert(1)</script>'],
  ])('replaces an unsafe id (%s) with a generated one, never rejecting the request', async (_name, unsafe) => {
    const response = await ctx.t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': unsafe } });
    expect(response.statusCode).toBe(200);
    const echoed = response.headers['x-correlation-id'];
    expect(echoed).not.toBe(unsafe);
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('starts a W3C trace when none is given and stores it with the row', async () => {
    const response = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    const id = response.json<{ id: string }>().id;
    const [message] = await ctx.fake.waitForMessages(1, 5_000);
    const traceparent = message?.messageAttributes['traceparent']?.StringValue;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const row = await ctx.t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
    expect(row.traceparent).toBe(traceparent);
  });
});
