import type { Transaction } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { createLogger } from '../../src/lib/logger.js';
import { runWithContext } from '../../src/lib/request-context.js';
import { Mediator, MissingHandlerError } from '../../src/mediator/mediator.js';
import type { CommandHandlers, CommittedEvent, DomainEvent, EventStore } from '../../src/mediator/types.js';
import { enqueue } from '../../src/outbox/outbox-writer.js';
import { UUID_V7 } from '../helpers/people-client.js';
import { createMigratedDb, type MigratedDb } from '../helpers/migrated-db.js';
import { LogCapture } from '../helpers/test-app.js';

interface AddPerson {
  readonly type: 'AddPerson';
  readonly id: string;
  /** Makes the handler throw after its writes and emits. */
  readonly failIn?: 'handler';
  readonly events?: number;
}
interface Noop {
  readonly type: 'Noop';
}
type TestCommands = {
  AddPerson: { command: AddPerson; result: string };
  Noop: { command: Noop; result: 'done' };
};

const NOW = new Date('2024-05-06T07:08:09.123Z');
let idCounter = 0;
function personId(): string {
  idCounter += 1;
  return `01900000-0000-7000-8000-${String(idCounter).padStart(12, '0')}`;
}

/** The event store below fails (after writing) for events of this aggregate. */
const STORE_FAILS_ID = '01900000-0000-7000-8000-5702efa11500';

class HandlerFailure extends Error {}

describe('Mediator', () => {
  let m: MigratedDb;
  let logs: LogCapture;
  let appendCalls: { trx: Transaction<Database>; events: readonly CommittedEvent[] }[];
  let handlerTrx: Transaction<Database>[];

  const handlers: CommandHandlers<TestCommands> = {
    AddPerson: async (command, { trx, now, emit }) => {
      handlerTrx.push(trx);
      await trx
        .insertInto('people')
        .values({
          id: command.id,
          first_name: 'Mediated',
          last_name: 'Person',
          email: `${command.id}@example.com`,
          date_of_birth: null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
          version: 1,
        })
        .execute();
      for (let i = 0; i < (command.events ?? 1); i += 1) {
        const event: DomainEvent = { type: 'person.created', aggregateType: 'person', aggregateId: command.id, data: { n: i } };
        emit(event);
      }
      if (command.failIn === 'handler') throw new HandlerFailure('handler failed after writing');
      return command.id;
    },
    Noop: async () => 'done',
  };

  const eventStore: EventStore = {
    append: async (trx, events) => {
      appendCalls.push({ trx, events });
      await enqueue(trx, events);
      if (events.some((event) => event.aggregateId === STORE_FAILS_ID)) throw new Error('event store failed after writing');
    },
  };

  function newMediator(): Mediator<TestCommands> {
    return new Mediator<TestCommands>({
      db: m.db,
      logger: createLogger('debug', logs),
      commandTypes: ['AddPerson', 'Noop'],
      handlers,
      eventStore,
      clock: () => NOW,
    });
  }

  async function rowsFor(id: string): Promise<{ people: number; outbox: number }> {
    const people = await m.observer.selectFrom('people').select('id').where('id', '=', id).execute();
    const outbox = await m.observer.selectFrom('outbox').select('id').where('aggregate_id', '=', id).execute();
    return { people: people.length, outbox: outbox.length };
  }

  beforeAll(async () => {
    m = await createMigratedDb('sqlite');
  });
  afterAll(async () => m.close());
  beforeEach(() => {
    logs = new LogCapture();
    appendCalls = [];
    handlerTrx = [];
  });

  describe('send', () => {
    it('runs the one handler in a transaction and returns its result', async () => {
      const id = personId();
      const result = await newMediator().send({ type: 'AddPerson', id });
      expect(result).toBe(id);
      expect(handlerTrx).toHaveLength(1);
      expect(handlerTrx[0]?.isTransaction).toBe(true);
      expect(await rowsFor(id)).toEqual({ people: 1, outbox: 1 });
    });

    it('passes the emitted events to the event store, once, inside the same transaction', async () => {
      const id = personId();
      await newMediator().send({ type: 'AddPerson', id, events: 3 });
      expect(appendCalls).toHaveLength(1);
      const [call] = appendCalls;
      expect(call?.trx).toBe(handlerTrx[0]);
      expect(call?.events.map((event) => event.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      expect(await rowsFor(id)).toEqual({ people: 1, outbox: 3 });
    });

    it('commits each event with an id, the command time and the request context', async () => {
      const id = personId();
      const context = { correlationId: 'corr-mediator-1', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` };
      await runWithContext(context, () => newMediator().send({ type: 'AddPerson', id }));
      const event = appendCalls[0]?.events[0];
      expect(event).toEqual({
        type: 'person.created',
        aggregateType: 'person',
        aggregateId: id,
        data: { n: 0 },
        id: expect.stringMatching(UUID_V7) as unknown,
        occurredAt: NOW.toISOString(),
        correlationId: 'corr-mediator-1',
        traceparent: context.traceparent,
      });
      const row = await m.observer.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ id: event?.id, event_type: 'person.created', correlation_id: 'corr-mediator-1', status: 'pending' });
    });

    it('gives an event a generated correlation id and traceparent outside a request', async () => {
      await newMediator().send({ type: 'AddPerson', id: personId() });
      const event = appendCalls[0]?.events[0];
      expect(event?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(event?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    });

    it('does not call the event store when no event is emitted', async () => {
      expect(await newMediator().send({ type: 'Noop' })).toBe('done');
      expect(appendCalls).toHaveLength(0);
    });

    it('rolls back everything when the handler throws: no person row, no outbox row, no publish', async () => {
      const id = personId();
      const mediator = newMediator();
      const published = vi.fn();
      mediator.subscribe('*', published);
      await expect(mediator.send({ type: 'AddPerson', id, failIn: 'handler' })).rejects.toBeInstanceOf(HandlerFailure);
      expect(await rowsFor(id)).toEqual({ people: 0, outbox: 0 });
      expect(appendCalls).toHaveLength(0);
      expect(published).not.toHaveBeenCalled();
    });

    it('rolls back the handler’s writes when the event store fails', async () => {
      const id = STORE_FAILS_ID;
      const mediator = newMediator();
      const published = vi.fn();
      mediator.subscribe('*', published);
      await expect(mediator.send({ type: 'AddPerson', id })).rejects.toThrow('event store failed after writing');
      expect(await rowsFor(id)).toEqual({ people: 0, outbox: 0 });
      expect(published).not.toHaveBeenCalled();
    });

    it('throws MissingHandlerError for a command type it has no handler for', async () => {
      const mediator = newMediator();
      const unknown = { type: 'Unknown' } as unknown as Noop;
      await expect(mediator.send(unknown)).rejects.toBeInstanceOf(MissingHandlerError);
    });
  });

  describe('publish', () => {
    it('calls the handlers for the type, then those for *, after commit', async () => {
      const id = personId();
      const mediator = newMediator();
      const calls: string[] = [];
      const seen: { committed: { people: number; outbox: number }; event: CommittedEvent }[] = [];
      mediator.subscribe('person.created', async (event) => {
        calls.push('typed');
        // Read through another connection: it sees only committed rows.
        seen.push({ committed: await rowsFor(event.aggregateId), event });
      });
      mediator.subscribe('*', () => {
        calls.push('any');
      });
      mediator.subscribe('person.deleted', () => {
        calls.push('other type');
      });

      await mediator.send({ type: 'AddPerson', id });

      expect(calls).toEqual(['typed', 'any']);
      expect(seen[0]?.committed).toEqual({ people: 1, outbox: 1 });
      expect(seen[0]?.event).toEqual(appendCalls[0]?.events[0]);
    });

    it('publishes every event of a command, in order', async () => {
      const mediator = newMediator();
      const data: unknown[] = [];
      mediator.subscribe('*', (event) => {
        data.push(event.data);
      });
      await mediator.send({ type: 'AddPerson', id: personId(), events: 2 });
      expect(data).toEqual([{ n: 0 }, { n: 1 }]);
    });

    it('does not fail send when an event handler throws; later handlers still run and the failure is logged', async () => {
      const id = personId();
      const mediator = newMediator();
      const after = vi.fn();
      mediator.subscribe('person.created', () => {
        throw new Error('subscriber broke');
      });
      mediator.subscribe('*', after);

      await expect(mediator.send({ type: 'AddPerson', id })).resolves.toBe(id);

      expect(after).toHaveBeenCalledTimes(1);
      expect(await rowsFor(id)).toEqual({ people: 1, outbox: 1 });
      const warning = logs.lines.find((line) => line['msg'] === 'event handler failed');
      expect(warning).toMatchObject({
        level: 'warn',
        eventType: 'person.created',
        eventId: appendCalls[0]?.events[0]?.id,
        err: { message: 'subscriber broke' },
      });
    });

    it('does not fail send when an async event handler rejects', async () => {
      const mediator = newMediator();
      mediator.subscribe('*', () => Promise.reject(new Error('async subscriber broke')));
      const id = personId();
      await expect(mediator.send({ type: 'AddPerson', id })).resolves.toBe(id);
    });
  });

  describe('construction', () => {
    it('throws MissingHandlerError naming a command type without a handler', () => {
      const partial = { AddPerson: handlers.AddPerson } as unknown as CommandHandlers<TestCommands>;
      const build = () =>
        new Mediator<TestCommands>({
          db: m.db,
          logger: createLogger('silent'),
          commandTypes: ['AddPerson', 'Noop'],
          handlers: partial,
          eventStore,
        });
      expect(build).toThrow(MissingHandlerError);
      expect(build).toThrow(/Noop/);
    });
  });
});
