import type { CommandContext } from '../../mediator/types.js';
import { PersonEventType, personEvent } from '../events.js';
import { toPerson } from '../person.js';
import { assertValidPerson } from '../rules.js';
import { updatePerson as updatePersonRow } from '../person-repository.js';
import { missOf } from './miss-of.js';
import type { Person, PersonInput } from '../schemas.js';
import { toFields } from './person-fields.js';

export interface UpdatePerson {
  readonly type: 'UpdatePerson';
  readonly id: string;
  readonly input: PersonInput;
  /** From If-Match: the versions it may replace; undefined replaces whatever version is current. */
  readonly expectedVersions?: readonly number[] | undefined;
}

export async function updatePerson(command: UpdatePerson, { trx, now, emit }: CommandContext): Promise<Person> {
  assertValidPerson(command.input, now);
  const row = await updatePersonRow(trx, command.id, command.expectedVersions, toFields(command.input), now.toISOString());
  if (!row) throw await missOf(command, trx);
  const person = toPerson(row);
  emit(personEvent(PersonEventType.Updated, person));
  return person;
}
