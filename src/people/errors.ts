import { ConflictError, NotFoundError, PreconditionFailedError } from '../lib/app-error.js';

export class PersonNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`No person with id ${id}`);
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('email-taken', 'Another person already uses this email address');
  }
}

export class StaleVersionError extends PreconditionFailedError {
  constructor(current: number) {
    super(`If-Match does not match the current version (ETag "${current}"); read the person again`);
  }
}
