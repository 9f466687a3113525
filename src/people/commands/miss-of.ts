import type { CommandContext } from '../../mediator/types.js';
import { PersonNotFoundError, StaleVersionError } from '../errors.js';
import { findPerson } from '../person-repository.js';

/** Tells "no such person" from "someone changed it first" after a write matched no row. */
export async function missOf(
  command: { readonly id: string },
  trx: CommandContext['trx'],
): Promise<PersonNotFoundError | StaleVersionError> {
  const current = await findPerson(trx, command.id);
  return current ? new StaleVersionError(current.version) : new PersonNotFoundError(command.id);
}
