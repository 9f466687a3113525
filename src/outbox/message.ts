import { toIsoString, type OutboxRow } from '../db/schema.js';

/** A claimed outbox row, as the publishers see it. */
export interface OutboxMessage {
  readonly id: string;
  readonly seq: number;
  readonly eventType: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** The event data as JSON text, exactly as committed. */
  readonly payload: string;
  readonly correlationId: string;
  readonly traceparent: string | null;
  readonly createdAt: string;
  /** Failed attempts so far. */
  readonly attempts: number;
}

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    seq: row.seq,
    eventType: row.event_type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    correlationId: row.correlation_id,
    traceparent: row.traceparent,
    createdAt: toIsoString(row.created_at),
    attempts: row.attempts,
  };
}
