import type { OutboxMessage } from './message.js';

export const CLOUD_EVENT_SOURCE = 'urn:people-api';

/**
 * The CloudEvents 1.0 JSON envelope. `id` is the outbox row id, the same on every retry, so
 * consumers deduplicate on it. The payload is spliced in as committed, not re-serialized.
 */
export function cloudEventJson(message: OutboxMessage): string {
  const envelope = {
    specversion: '1.0',
    id: message.id,
    type: message.eventType,
    source: CLOUD_EVENT_SOURCE,
    subject: message.aggregateId,
    time: message.createdAt,
    datacontenttype: 'application/json',
    correlationid: message.correlationId,
    ...(message.traceparent ? { traceparent: message.traceparent } : {}),
  };
  return `${JSON.stringify(envelope).slice(0, -1)},"data":${message.payload}}`;
}
