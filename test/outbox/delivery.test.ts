import { expect, it } from 'vitest';
import { parseEvent, ROLE_ARN, TOPIC_ARN } from '../helpers/aws.js';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { somePerson } from '../helpers/test-app.js';

describeEachDialect('delivery to SNS', (dialect) => {
  const ctx = useAppWithFakeAws(dialect);

  it('publishes created, updated and deleted events with the stored person, signed with the assumed role', async () => {
    const created = await ctx.t.app.inject({
      method: 'POST',
      url: '/people',
      payload: somePerson(),
      headers: { 'x-correlation-id': 'corr-delivery-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(created.statusCode).toBe(201);
    const person = created.json<{ id: string; email: string }>();
    const updated = await ctx.t.app.inject({ method: 'PUT', url: `/people/${person.id}`, payload: somePerson({ firstName: 'Augusta' }) });
    expect(updated.statusCode).toBe(200);
    expect((await ctx.t.app.inject({ method: 'DELETE', url: `/people/${person.id}` })).statusCode).toBe(204);

    const messages = await ctx.fake.waitForMessages(3, 5_000);
    const events = messages.map((m) => parseEvent(m.message));
    expect(events.map((e) => e.type)).toEqual(['person.created', 'person.updated', 'person.deleted']);
    expect(events[0]?.data).toEqual(created.json());
    expect(events[1]?.data).toEqual(updated.json());
    expect(events[2]?.data).toEqual(updated.json());

    const first = messages[0];
    expect(first?.topicArn).toBe(TOPIC_ARN);
    expect(first?.messageAttributes['eventType']).toEqual({ DataType: 'String', StringValue: 'person.created' });
    expect(first?.messageAttributes['correlationId']).toEqual({ DataType: 'String', StringValue: 'corr-delivery-1' });
    // The trace continues: same trace id, a new span id.
    expect(first?.messageAttributes['traceparent']?.StringValue).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(events[0]).toMatchObject({
      specversion: '1.0',
      source: 'urn:people-api',
      subject: person.id,
      datacontenttype: 'application/json',
      correlationid: 'corr-delivery-1',
    });

    // Every SNS call was signed with a key that STS issued for our role.
    const issued = new Set(ctx.fake.issuedCredentials.map((c) => c.accessKeyId));
    expect(messages.every((m) => issued.has(m.accessKeyId))).toBe(true);
    expect(ctx.fake.issuedCredentials.every((c) => c.roleArn === ROLE_ARN)).toBe(true);

    // SNS answered before the dispatcher wrote the outcome back: wait for the write.
    const rowsOf = () => ctx.t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', person.id).orderBy('seq').execute();
    await expect.poll(async () => (await rowsOf()).map((r) => r.status)).toEqual(['published', 'published', 'published']);
    const rows = await rowsOf();
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.id));
    expect(rows.map((r) => r.sns_message_id)).toEqual(messages.map((m) => m.messageId));
  });

  it('answers 201 while SNS hangs, then delivers once SNS answers again', async () => {
    ctx.fake.setFault({ hang: true });
    const response = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    expect(response.statusCode).toBe(201);
    // The dispatcher is stuck on a hanging SNS call while the API has already answered.
    await expect.poll(() => ctx.fake.snsRequests, { timeout: 3_000 }).toBeGreaterThan(0);
    expect(ctx.fake.messages).toHaveLength(0);
    ctx.fake.clearFaults();
    const [message] = await ctx.fake.waitForMessages(1, 5_000);
    expect(parseEvent(message?.message ?? '{}').data).toEqual(response.json());
  });

  it('writes no event when the command fails and rolls back', async () => {
    const person = somePerson();
    expect((await ctx.t.app.inject({ method: 'POST', url: '/people', payload: person })).statusCode).toBe(201);
    await ctx.fake.waitForMessages(1);
    const before = await ctx.t.deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const duplicate = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: { ...person, firstName: 'Other' } });
    expect(duplicate.statusCode).toBe(409);
    const after = await ctx.t.deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
