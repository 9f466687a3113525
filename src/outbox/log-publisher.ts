import type { Logger } from '../lib/logger.js';
import { cloudEventJson } from './cloud-event.js';
import type { OutboxMessage } from './message.js';
import type { PublishOutcome, Publisher } from './publisher.js';

/** The log takes any number of messages at once. */
export function planLogBatches(messages: readonly OutboxMessage[]): OutboxMessage[][] {
  return messages.length > 0 ? [[...messages]] : [];
}

/**
 * Development stand-in for SNS (no SNS_TOPIC_ARN outside production): logs each CloudEvent so
 * the whole pipeline runs without AWS. It goes through the logger, so personal fields in
 * `data` are redacted like everywhere else.
 */
export function createLogPublisher(logger: Logger): Publisher {
  return {
    name: 'log',
    planBatches: planLogBatches,
    publishBatch: async (batch: readonly OutboxMessage[]): Promise<PublishOutcome[]> =>
      batch.map((message) => {
        logger.info({ cloudEvent: JSON.parse(cloudEventJson(message)) as unknown }, 'event published to the log');
        return { id: message.id, ok: true, messageId: `log-${message.id}` };
      }),
  };
}
