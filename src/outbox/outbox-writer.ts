import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CommittedEvent, EventStore } from '../mediator/types.js';

/**
 * `outbox.enqueue`: writes events inside the caller's transaction, so an event exists exactly
 * when the change that raised it was committed.
 */
export async function enqueue(trx: Kysely<Database>, events: readonly CommittedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(
      events.map((event) => ({
        id: event.id,
        event_type: event.type,
        aggregate_type: event.aggregateType,
        aggregate_id: event.aggregateId,
        payload: JSON.stringify(event.data),
        correlation_id: event.correlationId,
        traceparent: event.traceparent,
        created_at: event.occurredAt,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: event.occurredAt,
      })),
    )
    .execute();
}

export const outboxEventStore: EventStore = { append: enqueue };


/** EVENTS_ENABLED=false (benchmarks only): measures what the database write alone costs. */
export const discardingEventStore: EventStore = { append: async () => undefined };
