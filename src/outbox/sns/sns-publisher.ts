import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import { PublishError, type PublishOutcome, type Publisher } from '../publisher.js';
import { classifyAwsError, classifyBatchEntry } from './classify-error.js';
import { SNS_MAX_PAYLOAD_BYTES, isFifoTopic, planEntry, planSnsBatches } from './sns-batches.js';

export interface SnsPublisherOptions {
  /** Called again after ExpiredToken: the SDK trusts its own expiry time and would keep the dead credentials. */
  readonly createClient: () => SNSClient;
  readonly topicArn: string;
}

export function createSnsPublisher({ createClient, topicArn }: SnsPublisherOptions): Publisher {
  let client = createClient();
  const fifo = isFifoTopic(topicArn);

  return {
    name: 'sns',
    planBatches: (messages) => planSnsBatches(messages, fifo),

    async publishBatch(batch): Promise<PublishOutcome[]> {
      const planned = batch.map((message) => planEntry(message, fifo));
      // A message over the limit can never be published: answer for it without asking SNS.
      const tooLarge = planned.filter((p) => p.size > SNS_MAX_PAYLOAD_BYTES);
      const sendable = planned.filter((p) => p.size <= SNS_MAX_PAYLOAD_BYTES);
      const outcomes: PublishOutcome[] = tooLarge.map((p) => ({
        id: p.message.id,
        ok: false,
        failure: { kind: 'permanent', code: 'MessageTooLarge', message: `message is ${p.size} bytes; SNS accepts ${SNS_MAX_PAYLOAD_BYTES}` },
      }));
      if (sendable.length === 0) return outcomes;

      let response;
      try {
        response = await client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: sendable.map((p) => p.entry) }));
      } catch (error) {
        const failure = classifyAwsError(error);
        if (failure.code === 'ExpiredToken' || failure.code === 'ExpiredTokenException') {
          client.destroy();
          client = createClient();
        }
        throw new PublishError(failure, { cause: error });
      }
      const published = new Map((response.Successful ?? []).map((s) => [s.Id, s.MessageId ?? '']));
      const failed = new Map((response.Failed ?? []).map((f) => [f.Id, f]));
      for (const { message } of sendable) {
        const messageId = published.get(message.id);
        const failure = failed.get(message.id);
        if (messageId !== undefined) outcomes.push({ id: message.id, ok: true, messageId });
        else if (failure) outcomes.push({ id: message.id, ok: false, failure: classifyBatchEntry(failure.Code, failure.Message, failure.SenderFault) });
        else outcomes.push({ id: message.id, ok: false, failure: { kind: 'transient', code: 'NoResult', message: 'SNS returned no result for this entry' } });
      }
      return outcomes;
    },
  };
}
