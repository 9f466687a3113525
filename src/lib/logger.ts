import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';
import { currentContext } from './request-context.js';

export type { Logger } from 'pino';

const PERSONAL_FIELDS = ['firstName', 'lastName', 'email', 'dateOfBirth', 'first_name', 'last_name', 'date_of_birth'];
const SECRET_FIELDS = ['authorization', 'secretAccessKey', 'SecretAccessKey', 'sessionToken', 'SessionToken', 'adminToken'];

/** Personal data and secrets are censored at any of the first three levels of a log object. */
export const REDACT_PATHS = [...PERSONAL_FIELDS, ...SECRET_FIELDS].flatMap((field) => [
  field,
  `*.${field}`,
  `*.*.${field}`,
]);

/**
 * Database errors quote the rejected row (PostgreSQL's `detail`: "Failing row contains (...)",
 * "Key (lower(email))=(...) already exists") and may quote values in `where`; the message, code
 * and constraint name stay, which is what an operator needs.
 */
const DRIVER_ERROR_PATHS = ['err.detail', 'err.where'];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'people-api' },
      redact: { paths: [...REDACT_PATHS, ...DRIVER_ERROR_PATHS, 'req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Every line written while serving a request carries its correlation id, also from the
      // mediator and handlers, which log through this logger and not through request.log.
      mixin: () => {
        const context = currentContext();
        return context ? { correlationId: context.correlationId } : {};
      },
    },
    destination,
  );
}

/**
 * Where a logger writes its lines (stdout, or a test's capture), so that lines another thread
 * formatted with createLogger can join them. pino.symbols is pino's public handle for this; the
 * logger's typings just do not list the property.
 */
export function logDestination(logger: Logger): pino.DestinationStream {
  const destination = (logger as unknown as Record<symbol, pino.DestinationStream | undefined>)[pino.symbols.streamSym];
  if (!destination) throw new Error('this logger has no destination stream (not made by pino?)');
  return destination;
}
