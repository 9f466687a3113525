import type { AwsConfig } from '../config.js';
import type { OutboxMessage } from './message.js';

/**
 * - transient: may work later (network, timeout, 5xx, throttling, expired credentials): retry with backoff.
 * - permanent: this message can never be accepted (too large, invalid): dead-letter at once.
 * - configuration: every message would fail (topic missing, not authorized, AssumeRole denied):
 *   hold the backlog without spending attempts until the configuration is fixed.
 */
export type FailureKind = 'transient' | 'permanent' | 'configuration';

export interface PublishFailure {
  readonly kind: FailureKind;
  readonly code: string;
  readonly message: string;
}

export type PublishOutcome =
  | { readonly id: string; readonly ok: true; readonly messageId: string }
  | {
      readonly id: string;
      readonly ok: false;
      readonly failure: PublishFailure;
      /** Set by the dispatcher when the destination is down (breaker open): hold, spend no attempt. */
      readonly held?: boolean;
    };

/** A destination for outbox messages (SNS, the log, later SQS...). */
export interface Publisher {
  /** Names the destination in logs, metrics and readiness. */
  readonly name: string;
  /** Splits messages into the groups one request can carry. */
  planBatches(messages: readonly OutboxMessage[]): OutboxMessage[][];
  /**
   * Publishes one planned batch. Per-message failures come back as outcomes; a failure of the
   * whole request is thrown as a PublishError.
   */
  publishBatch(batch: readonly OutboxMessage[]): Promise<PublishOutcome[]>;
}

/** A publisher with a life of its own (a thread): started with the dispatcher, closed after it has stopped. */
export interface ManagedPublisher extends Publisher {
  /** An instance that never publishes (EVENTS_ENABLED=false) starts nothing. */
  start(): void;
  /** Batches still in flight fail (transient) and their rows are retried later. */
  close(): Promise<void>;
}

export class PublishError extends Error {
  constructor(readonly failure: PublishFailure, options?: ErrorOptions) {
    super(`${failure.code}: ${failure.message}`, options);
    this.name = 'PublishError';
  }
}

/** The failure a publisher threw: its own (PublishError), or anything else as a transient one. */
export function publishFailureOf(error: unknown): PublishFailure {
  if (error instanceof PublishError) return error.failure;
  return { kind: 'transient', code: 'UnexpectedError', message: error instanceof Error ? error.message : String(error) };
}

/** The name of the destination createPublisher chooses (known without loading the AWS SDK). */
export function destinationOf(aws: AwsConfig): 'sns' | 'log' {
  return aws.topicArn ? 'sns' : 'log';
}
