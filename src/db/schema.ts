import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Timestamps are written as ISO-8601 strings. SQLite keeps them as text; PostgreSQL stores
 * timestamptz and returns a Date. Mappers call `toIsoString` so callers only see strings.
 */
export type Timestamp = ColumnType<Date | string, string, string>;

export interface PeopleTable {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  /** 'YYYY-MM-DD' in both dialects (the pg DATE parser is disabled in create-db). */
  date_of_birth: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  status_code: number;
  response_body: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type OutboxStatus = 'pending' | 'published' | 'dead';

export interface OutboxTable {
  id: string;
  /** Commit order within the database; used for per-aggregate ordering. */
  seq: Generated<number>;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: string;
  correlation_id: string;
  traceparent: string | null;
  created_at: Timestamp;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Timestamp;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  last_error: string | null;
  published_at: Timestamp | null;
  sns_message_id: string | null;
}

export interface Database {
  people: PeopleTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
}

export type PersonRow = Selectable<PeopleTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;

export function toIsoString(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
