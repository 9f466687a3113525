/** Driver errors, recognised in one place so repositories and the HTTP layer stay dialect-free. */

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

function asDriverError(error: unknown): DriverError {
  return typeof error === 'object' && error !== null ? (error) : {};
}

/** True when a unique index rejected the write; `index` narrows it to one index. */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  const { code, constraint, message } = asDriverError(error);
  const sqlite = code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!sqlite && code !== '23505') return false;
  if (index === undefined) return true;
  return constraint === index || (typeof message === 'string' && message.includes(index));
}

const PG_UNAVAILABLE_CLASSES = ['08', '53', '57'];
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'];
const SQLITE_UNAVAILABLE = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN'];

/**
 * True for faults of the database itself (down, unreachable, locked, out of disk), which the
 * API reports as 503 so that clients retry, instead of 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = asDriverError(error);
  if (typeof code === 'string') {
    if (NETWORK_CODES.includes(code)) return true;
    if (SQLITE_UNAVAILABLE.some((prefix) => code.startsWith(prefix))) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && PG_UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|database is locked/i.test(
      message,
    )
  );
}
