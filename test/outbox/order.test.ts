import { expect, it } from 'vitest';
import { parseEvent } from '../helpers/aws.js';
import { useAppWithFakeAws } from '../helpers/app-with-fake-aws.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { somePerson } from '../helpers/test-app.js';

describeEachDialect('per-person order', (dialect) => {
  const ctx = useAppWithFakeAws(dialect, { OUTBOX_MAX_RETRIES: '50' });

  it('publishes one person\'s events in commit order even when SNS fails in between', async () => {
    const created = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    const id = created.json<{ id: string }>().id;
    await ctx.fake.waitForMessages(1);
    // The first update fails a few times; later events of the person must wait for it.
    let failuresLeft = 3;
    ctx.fake.setFault({
      rejectMessage: (body) => {
        if (failuresLeft > 0 && body.includes('"type":"person.updated"') && body.includes('"version":2')) {
          failuresLeft -= 1;
          return { code: 'InternalError', senderFault: false };
        }
        return false;
      },
    });
    for (const firstName of ['Two', 'Three', 'Four']) {
      const response = await ctx.t.app.inject({ method: 'PUT', url: `/people/${id}`, payload: somePerson({ firstName }) });
      expect(response.statusCode).toBe(200);
    }
    expect((await ctx.t.app.inject({ method: 'DELETE', url: `/people/${id}` })).statusCode).toBe(204);
    // Another person's events are not held up by this one.
    const other = await ctx.t.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
    const otherId = other.json<{ id: string }>().id;

    const messages = await ctx.fake.waitForMessages(6, 10_000);
    const events = messages.map((m) => parseEvent(m.message));
    const mine = events.filter((e) => e.subject === id);
    expect(mine.map((e) => `${e.type}#${String(e.data['version'])}`)).toEqual([
      'person.created#1',
      'person.updated#2',
      'person.updated#3',
      'person.updated#4',
      'person.deleted#4',
    ]);
    expect(failuresLeft).toBe(0);
    const otherIndex = events.findIndex((e) => e.subject === otherId);
    const updateIndex = events.findIndex((e) => e.subject === id && e.data['version'] === 2);
    expect(otherIndex).toBeGreaterThanOrEqual(0);
    expect(otherIndex).toBeLessThan(updateIndex);
  });
});
