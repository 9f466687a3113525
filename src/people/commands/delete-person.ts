import type { CommandContext } from '../../mediator/types.js';
import { PersonEventType, personEvent } from '../events.js';
import { toPerson } from '../person.js';
import { deletePerson as deletePersonRow } from '../person-repository.js';
import { missOf } from './miss-of.js';

export interface DeletePerson {
  readonly type: 'DeletePerson';
  readonly id: string;
  /** From If-Match, as for UpdatePerson. */
  readonly expectedVersions?: readonly number[] | undefined;
}

export async function deletePerson(command: DeletePerson, { trx, emit }: CommandContext): Promise<void> {
  const row = await deletePersonRow(trx, command.id, command.expectedVersions);
  if (!row) throw await missOf(command, trx);
  emit(personEvent(PersonEventType.Deleted, toPerson(row)));
}
