import { v7 as uuidv7, validate, version } from 'uuid';

/** UUIDv7: time-ordered, so primary keys and pages follow creation order. */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return validate(value) && version(value) === 7;
}
