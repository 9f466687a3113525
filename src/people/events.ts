import type { DomainEvent } from '../mediator/types.js';
import { PERSON_AGGREGATE } from './person.js';
import type { Person } from './schemas.js';

export const PersonEventType = {
  Created: 'person.created',
  Updated: 'person.updated',
  Deleted: 'person.deleted',
} as const;
export type PersonEventType = (typeof PersonEventType)[keyof typeof PersonEventType];

/** Every person event carries the person as stored (for a deletion: as it was). */
export function personEvent(type: PersonEventType, person: Person): DomainEvent<Person> {
  return { type, aggregateType: PERSON_AGGREGATE, aggregateId: person.id, data: person };
}
