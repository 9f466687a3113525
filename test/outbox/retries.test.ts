import { expect, it } from 'vitest';
import { parseEvent } from '../helpers/aws.js';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { somePerson } from '../helpers/test-app.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

describeEachDialect('retries, dead letters and redrive', (dialect) => {
  const ctx = useAppWithFakeAws(dialect, { OUTBOX_MAX_RETRIES: '2', ADMIN_TOKEN });

  const outboxRow = async (aggregateId: string) =>
    ctx.t.deps.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', aggregateId).executeTakeFirstOrThrow();

  const create = async (): Promise<string> => {
    const response = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it('retries transient failures on the schedule and then delivers', async () => {
    ctx.fake.failNext(2, 'serviceUnavailable');
    const id = await create();
    await ctx.fake.waitForMessages(1, 5_000);
    await expect.poll(async () => (await outboxRow(id)).status).toBe('published');
    const row = await outboxRow(id);
    expect(row.attempts).toBe(2);
    expect(ctx.fake.snsRequests).toBe(3);
    // Two failures were logged with their next attempt, then the success.
    const failures = ctx.t.logs.lines.filter((l) => l['msg'] === 'message failed; will retry' && l['aggregateId'] === id);
    expect(failures.map((l) => l['attempts'])).toEqual([1, 2]);
    // Base 50 ms, doubled for the second retry.
    expect(failures.map((l) => l['retryInMs'])).toEqual([50, 100]);
  });

  it('dead-letters a message whose retries are exhausted, logs it once, and redrive delivers it', async () => {
    ctx.fake.setFault({ status5xx: 500 });
    const id = await create();
    await expect.poll(async () => (await outboxRow(id)).status, { timeout: 5_000 }).toBe('dead');
    const dead = await outboxRow(id);
    expect(dead.attempts).toBe(3); // the first try and 2 retries
    expect(dead.last_error).toContain('InternalError');
    const deadLines = ctx.t.logs.lines.filter((l) => l['msg'] === 'message dead-lettered' && l['aggregateId'] === id);
    expect(deadLines).toHaveLength(1);
    expect(deadLines[0]).toMatchObject({ level: 'error', eventType: 'person.created', eventId: dead.id, attempts: 3 });

    const listed = await ctx.t.app.inject({ method: 'GET', url: '/admin/dead-letters', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(dead.id);

    ctx.fake.clearFaults();
    const redrive = await ctx.t.app.inject({
      method: 'POST',
      url: `/admin/dead-letters/${dead.id}/redrive`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(redrive.json()).toEqual({ redriven: 1 });
    await ctx.fake.waitForMessages(1, 5_000);
    await expect.poll(async () => (await outboxRow(id)).status).toBe('published');
    expect((await outboxRow(id)).attempts).toBe(0);
  });

  it('dead-letters a message SNS rejects as invalid at once, without retrying it', async () => {
    let target = '';
    ctx.fake.setFault({ rejectMessage: (body) => body.includes(target) });
    target = await create();
    await expect.poll(async () => (await outboxRow(target)).status, { timeout: 5_000 }).toBe('dead');
    const row = await outboxRow(target);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain('InvalidParameter');
    expect(ctx.fake.snsRequests).toBe(1);
  });

  it('retries only the failed entries of a partially failed batch', async () => {
    await ctx.t.deps.dispatcher.stop();
    let rejectOnce = true;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await create());
    const victim = ids[2] ?? '';
    // A server-side failure of one entry (SenderFault false): transient, retried alone.
    ctx.fake.setFault({
      rejectMessage: (body) => {
        if (rejectOnce && body.includes(victim)) {
          rejectOnce = false;
          return { code: 'InternalError', senderFault: false };
        }
        return false;
      },
    });
    ctx.t.deps.start();
    const messages = await ctx.fake.waitForMessages(5, 5_000);
    const subjects = messages.map((m) => parseEvent(m.message).subject);
    expect(subjects.filter((s) => s === victim)).toHaveLength(1);
    expect(new Set(subjects)).toEqual(new Set(ids));
    await expect.poll(async () => (await outboxRow(victim)).status).toBe('published');
    expect((await outboxRow(victim)).attempts).toBe(1);
    for (const id of ids.filter((i) => i !== victim)) expect((await outboxRow(id)).attempts).toBe(0);
  });

  it('protects the admin routes with the bearer token', async () => {
    expect((await ctx.t.app.inject({ method: 'GET', url: '/admin/dead-letters' })).statusCode).toBe(401);
    const wrong = await ctx.t.app.inject({ method: 'GET', url: '/admin/dead-letters', headers: { authorization: 'Bearer nope-nope-nope-nope' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    const all = await ctx.t.app.inject({ method: 'POST', url: '/admin/dead-letters/redrive', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(all.statusCode).toBe(200);
  });
});
