import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/lib/app-error.js';
import type { CommandContext, DomainEvent } from '../../src/mediator/types.js';
import { createPerson } from '../../src/people/commands/create-person.js';
import { deletePerson } from '../../src/people/commands/delete-person.js';
import { updatePerson } from '../../src/people/commands/update-person.js';
import { EmailTakenError, PersonNotFoundError, StaleVersionError } from '../../src/people/errors.js';
import { toPerson } from '../../src/people/person.js';
import type { Person, PersonInput } from '../../src/people/schemas.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createMigratedDb, type MigratedDb } from '../helpers/migrated-db.js';
import { somePerson } from '../helpers/test-app.js';

const NOW = new Date('2024-03-01T12:00:00.000Z');
const LATER = new Date('2024-03-02T08:30:00.000Z');

function input(overrides: Partial<PersonInput> = {}): PersonInput {
  return { ...(somePerson() as unknown as PersonInput), ...overrides };
}

describeEachDialect('person command handlers', (dialect) => {
  let m: MigratedDb;
  beforeAll(async () => {
    m = await createMigratedDb(dialect);
  });
  afterAll(async () => m.close());

  /** Runs a handler in a transaction the way the mediator does, collecting what it emits. */
  async function run<T>(
    handler: (context: CommandContext) => Promise<T>,
    now: Date = NOW,
  ): Promise<{ result: T; events: DomainEvent[] }> {
    const events: DomainEvent[] = [];
    const result = await m.db.transaction().execute((trx) => handler({ trx, now, emit: (event) => events.push(event) }));
    return { result, events };
  }

  /** Runs a handler that must fail; returns the error and what it emitted before failing. */
  async function fail(handler: (context: CommandContext) => Promise<unknown>, now: Date = NOW) {
    const events: DomainEvent[] = [];
    const error: unknown = await m.db
      .transaction()
      .execute((trx) => handler({ trx, now, emit: (event) => events.push(event) }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    return { error, events };
  }

  async function stored(id: string): Promise<Person | undefined> {
    const row = await m.observer.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPerson(row);
  }

  async function create(overrides: Partial<PersonInput> = {}): Promise<Person> {
    const { result } = await run((c) => createPerson({ type: 'CreatePerson', input: input(overrides) }, c));
    return result.person;
  }

  describe('createPerson', () => {
    it('stores the person and emits exactly one person.created with the stored person', async () => {
      const given = input({ dateOfBirth: '1990-07-15' });
      const { result, events } = await run((c) => createPerson({ type: 'CreatePerson', input: given }, c));

      expect(result.replayed).toBe(false);
      const saved = await stored(result.person.id);
      expect(saved).toEqual(result.person);
      expect(saved).toMatchObject({ ...given, version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
      expect(events).toEqual([
        { type: 'person.created', aggregateType: 'person', aggregateId: result.person.id, data: saved },
      ]);
    });

    it('emits nothing and replays the stored person for a repeated idempotency key', async () => {
      const given = input();
      const key = `handler-key-${dialect}-${Date.now()}`;
      const first = await run((c) => createPerson({ type: 'CreatePerson', input: given, idempotencyKey: key }, c));
      const again = await run((c) => createPerson({ type: 'CreatePerson', input: given, idempotencyKey: key }, c), LATER);
      expect(again.result).toEqual({ person: first.result.person, replayed: true });
      expect(again.events).toEqual([]);
    });

    it('refuses a duplicate email (any case) with EmailTakenError', async () => {
      const existing = await create();
      const { error } = await fail((c) => createPerson({ type: 'CreatePerson', input: input({ email: existing.email.toUpperCase() }) }, c));
      expect(error).toBeInstanceOf(EmailTakenError);
    });
  });

  describe('updatePerson', () => {
    it('stores the new fields, bumps the version and emits one person.updated with the stored person', async () => {
      const original = await create();
      const given = input({ firstName: 'Changed', dateOfBirth: null });
      const { result, events } = await run(
        (c) => updatePerson({ type: 'UpdatePerson', id: original.id, input: given, expectedVersions: [1] }, c),
        LATER,
      );
      const saved = await stored(original.id);
      expect(result).toEqual(saved);
      expect(saved).toMatchObject({
        ...given,
        id: original.id,
        version: 2,
        createdAt: original.createdAt,
        updatedAt: LATER.toISOString(),
      });
      expect(events).toEqual([{ type: 'person.updated', aggregateType: 'person', aggregateId: original.id, data: saved }]);
    });

    it('throws StaleVersionError for an old expected version, changes nothing, emits nothing', async () => {
      const original = await create();
      const { error, events } = await fail((c) =>
        updatePerson({ type: 'UpdatePerson', id: original.id, input: input(), expectedVersions: [5] }, c),
      );
      expect(error).toBeInstanceOf(StaleVersionError);
      expect(events).toEqual([]);
      expect(await stored(original.id)).toEqual(original);
    });

    it('throws PersonNotFoundError for an absent id', async () => {
      const { error, events } = await fail((c) =>
        updatePerson({ type: 'UpdatePerson', id: '01900000-0000-7000-8000-00000000dead', input: input() }, c),
      );
      expect(error).toBeInstanceOf(PersonNotFoundError);
      expect(events).toEqual([]);
    });
  });

  describe('deletePerson', () => {
    it('removes the row and emits one person.deleted with the person as it was', async () => {
      const original = await create();
      const { events } = await run((c) => deletePerson({ type: 'DeletePerson', id: original.id, expectedVersions: [1] }, c));
      expect(await stored(original.id)).toBeUndefined();
      expect(events).toEqual([{ type: 'person.deleted', aggregateType: 'person', aggregateId: original.id, data: original }]);
    });

    it('tells a stale version from an absent person', async () => {
      const original = await create();
      const stale = await fail((c) => deletePerson({ type: 'DeletePerson', id: original.id, expectedVersions: [2] }, c));
      expect(stale.error).toBeInstanceOf(StaleVersionError);
      expect(stale.events).toEqual([]);
      expect(await stored(original.id)).toEqual(original);

      await run((c) => deletePerson({ type: 'DeletePerson', id: original.id }, c));
      const absent = await fail((c) => deletePerson({ type: 'DeletePerson', id: original.id }, c));
      expect(absent.error).toBeInstanceOf(PersonNotFoundError);
      expect(absent.events).toEqual([]);
    });
  });

  describe('date-of-birth rules, as of the command time', () => {
    it('accepts a date of birth equal to the command date', async () => {
      const person = await create({ dateOfBirth: '2024-03-01' });
      expect(person.dateOfBirth).toBe('2024-03-01');
    });

    it.each([
      ['the day after the command date', '2024-03-02'],
      ['a date that does not exist', '2023-02-29'],
    ])('createPerson refuses %s: BadRequestError at /body/dateOfBirth, no row, no event', async (_name, dateOfBirth) => {
      const given = input({ dateOfBirth });
      const { error, events } = await fail((c) => createPerson({ type: 'CreatePerson', input: given }, c));
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).extensions).toEqual({ errors: [{ pointer: '/body/dateOfBirth', message: expect.any(String) as unknown }] });
      expect(events).toEqual([]);
      const rows = await m.observer.selectFrom('people').select('id').where('email', '=', given.email).execute();
      expect(rows).toEqual([]);
    });

    it('updatePerson refuses a future date of birth and keeps the person', async () => {
      const original = await create();
      const { error, events } = await fail((c) =>
        updatePerson({ type: 'UpdatePerson', id: original.id, input: input({ dateOfBirth: '2024-03-02' }) }, c),
      );
      expect(error).toBeInstanceOf(BadRequestError);
      expect(events).toEqual([]);
      expect(await stored(original.id)).toEqual(original);
    });
  });
});
