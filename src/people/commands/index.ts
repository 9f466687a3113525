import type { CommandHandlers } from '../../mediator/types.js';
import type { Person } from '../schemas.js';
import { createPerson, type CreatePerson, type CreatePersonResult } from './create-person.js';
import { deletePerson, type DeletePerson } from './delete-person.js';
import { updatePerson, type UpdatePerson } from './update-person.js';

export type { CreatePerson, DeletePerson, UpdatePerson };

export type PersonCommands = {
  CreatePerson: { command: CreatePerson; result: CreatePersonResult };
  UpdatePerson: { command: UpdatePerson; result: Person };
  DeletePerson: { command: DeletePerson; result: undefined };
};

export const personCommandTypes = ['CreatePerson', 'UpdatePerson', 'DeletePerson'] as const satisfies readonly (keyof PersonCommands)[];

export const personCommandHandlers: CommandHandlers<PersonCommands> = {
  CreatePerson: createPerson,
  UpdatePerson: updatePerson,
  DeletePerson: async (command, context) => {
    await deletePerson(command, context);
    return undefined;
  },
};
