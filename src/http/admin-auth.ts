import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../lib/app-error.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** A preHandler that accepts only `Authorization: Bearer <ADMIN_TOKEN>`; compares in constant time. */
export function requireBearer(token: string): (request: FastifyRequest) => Promise<void> {
  const expected = digest(token);
  return async (request) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new UnauthorizedError('Send Authorization: Bearer <ADMIN_TOKEN>');
    if (!timingSafeEqual(digest(match[1]), expected)) throw new ForbiddenError('The admin token is not valid');
  };
}
