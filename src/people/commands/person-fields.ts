import type { PersonFields } from '../person-repository.js';
import type { PersonInput } from '../schemas.js';

export function toFields(input: PersonInput): PersonFields {
  return {
    first_name: input.firstName,
    last_name: input.lastName,
    email: input.email,
    date_of_birth: input.dateOfBirth ?? null,
  };
}
