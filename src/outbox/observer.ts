import type { OutboxMessage } from './message.js';

/**
 * What the dispatcher reports about each message and request, for metrics. The outbox module
 * defines it and knows nothing of Prometheus.
 */
export interface OutboxObserver {
  published(message: OutboxMessage, lagSeconds: number): void;
  failed(message: OutboxMessage, reason: string): void;
  deadLettered(message: OutboxMessage, reason: string): void;
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
