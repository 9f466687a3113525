import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import { toIsoString, type Database } from '../db/schema.js';
import { ConflictError, UnprocessableError } from '../lib/app-error.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

/** A stable fingerprint of a request body: key order does not matter, values do. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The response stored under a live key, or undefined when the key is new or expired.
 * The same key with another body is refused: replaying it would hide the client's bug.
 */
export async function findStoredResponse(
  db: Kysely<Database>,
  key: string,
  hash: string,
  now: Date,
): Promise<StoredResponse | undefined> {
  const row = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  if (toIsoString(row.expires_at) <= now.toISOString()) {
    await db.deleteFrom('idempotency_keys').where('key', '=', key).execute();
    return undefined;
  }
  if (row.request_hash !== hash) {
    throw new UnprocessableError(
      'idempotency-key-reused',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  return { statusCode: row.status_code, body: JSON.parse(row.response_body) as unknown };
}

/**
 * Takes the key for this transaction before any other write. A concurrent request with the same
 * key waits on the key's primary key instead of failing later on another unique index (such as
 * the person's email, which would tell the client a misleading "email taken"); once the first
 * commits it gets a 409 that says to retry, and the retry is replayed.
 */
export async function claimKey(db: Kysely<Database>, key: string, hash: string, now: Date): Promise<void> {
  try {
    await db
      .insertInto('idempotency_keys')
      .values({
        key,
        request_hash: hash,
        // Placeholder until storeResponse, in the same transaction: never visible committed.
        status_code: 0,
        response_body: 'null',
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      })
      .execute();
  } catch (error) {
    // Another request with this key committed first; its transaction owns the key.
    if (isUniqueViolation(error)) {
      throw new ConflictError('idempotency-key-in-use', 'A concurrent request used this Idempotency-Key; retry it');
    }
    throw error;
  }
}

/** Records the response under a key claimed by `claimKey` in this transaction. */
export async function storeResponse(db: Kysely<Database>, key: string, response: StoredResponse): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: response.statusCode, response_body: JSON.stringify(response.body) })
    .where('key', '=', key)
    .execute();
}

/** Deletes up to `limit` keys that expired at or before `now`; returns how many. */
export async function deleteExpiredKeys(db: Kysely<Database>, now: Date, limit: number): Promise<number> {
  const expired = db.selectFrom('idempotency_keys').select('key').where('expires_at', '<=', now.toISOString()).orderBy('expires_at').limit(limit);
  const result = await db.deleteFrom('idempotency_keys').where('key', 'in', expired).executeTakeFirst();
  return Number(result.numDeletedRows);
}
