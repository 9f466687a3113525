import { claimKey, findStoredResponse, requestHash, storeResponse } from '../../idempotency/idempotency-store.js';
import { newId } from '../../lib/ids.js';
import type { CommandContext } from '../../mediator/types.js';
import { PersonEventType, personEvent } from '../events.js';
import { toPerson } from '../person.js';
import { assertValidPerson } from '../rules.js';
import { insertPerson } from '../person-repository.js';
import type { Person, PersonInput } from '../schemas.js';
import { toFields } from './person-fields.js';

export interface CreatePerson {
  readonly type: 'CreatePerson';
  readonly input: PersonInput;
  readonly idempotencyKey?: string | undefined;
}

export interface CreatePersonResult {
  readonly person: Person;
  /** True when an earlier request with the same Idempotency-Key already created this person. */
  readonly replayed: boolean;
}

export async function createPerson(command: CreatePerson, { trx, now, emit }: CommandContext): Promise<CreatePersonResult> {
  assertValidPerson(command.input, now);
  const key = command.idempotencyKey;
  const hash = key === undefined ? '' : requestHash(command.input);
  if (key !== undefined) {
    const stored = await findStoredResponse(trx, key, hash, now);
    if (stored) return { person: stored.body as Person, replayed: true };
    await claimKey(trx, key, hash, now);
  }
  const timestamp = now.toISOString();
  const row = await insertPerson(trx, {
    id: newId(),
    ...toFields(command.input),
    created_at: timestamp,
    updated_at: timestamp,
    version: 1,
  });
  const person = toPerson(row);
  emit(personEvent(PersonEventType.Created, person));
  if (key !== undefined) await storeResponse(trx, key, { statusCode: 201, body: person });
  return { person, replayed: false };
}
