/** One error type for everything the API reports on purpose; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export interface FieldError {
  /** JSON pointer into the request part, e.g. `/body/email`. */
  readonly pointer: string;
  readonly message: string;
}

export class BadRequestError extends AppError {
  constructor(detail: string, errors: readonly FieldError[] = []) {
    super(400, 'validation-failed', 'Your request is not valid', detail, errors.length > 0 ? { errors } : {});
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, 'not-found', 'Resource not found', detail);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, detail: string) {
    super(409, code, 'Conflict with the current state', detail);
  }
}

export class PreconditionFailedError extends AppError {
  constructor(detail: string) {
    super(412, 'precondition-failed', 'Precondition failed', detail);
  }
}

export class UnprocessableError extends AppError {
  constructor(code: string, detail: string) {
    super(422, code, 'Request cannot be processed', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string) {
    super(401, 'unauthorized', 'Authentication required', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, 'service-unavailable', 'Service temporarily unavailable', detail);
  }
}
