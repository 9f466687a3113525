import type { OutboxMessage } from './message.js';

/** What an observer is told about a message: its type (a metric label), never its content. */
export type ObservedMessage = Pick<OutboxMessage, 'eventType'>;

/**
 * What the dispatcher reports about each message and request, for metrics. The outbox module
 * defines it and knows nothing of Prometheus.
 */
export interface OutboxObserver {
  published(message: ObservedMessage, lagSeconds: number): void;
  failed(message: ObservedMessage, reason: string): void;
  deadLettered(message: ObservedMessage, reason: string): void;
  /** One request to the destination (a PublishBatch call), successful or not. */
  request(seconds: number, ok: boolean): void;
  wakeupDropped(): void;
}

export const silentObserver: OutboxObserver = {
  published: () => undefined,
  failed: () => undefined,
  deadLettered: () => undefined,
  request: () => undefined,
  wakeupDropped: () => undefined,
};
