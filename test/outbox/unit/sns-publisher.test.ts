import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/outbox/message.js';
import { PublishError } from '../../../src/outbox/publisher.js';
import { createSnsPublisher } from '../../../src/outbox/sns/sns-publisher.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:people-events';
const FIFO_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:people-events.fifo';

const snsMock = mockClient(SNSClient);
const client = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' } });

afterEach(() => {
  snsMock.reset();
});
afterAll(() => {
  snsMock.restore();
});

function message(id: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id,
    seq: 1,
    eventType: 'person.created',
    aggregateType: 'person',
    aggregateId: `agg-${id}`,
    payload: '{"firstName":"Zoë"}',
    correlationId: `corr-${id}`,
    traceparent: null,
    createdAt: '2024-05-01T12:00:00.000Z',
    attempts: 0,
    ...overrides,
  };
}

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

function sentEntryIds(): (string | undefined)[][] {
  return snsMock.commandCalls(PublishBatchCommand).map((call) => (call.args[0].input.PublishBatchRequestEntries ?? []).map((e) => e.Id));
}

describe('createSnsPublisher', () => {
  it('is named sns', () => {
    expect(createSnsPublisher({ createClient: () => client, topicArn: TOPIC }).name).toBe('sns');
  });

  it('maps Successful and Failed entries to per-message outcomes, in batch order', async () => {
    snsMock.on(PublishBatchCommand).resolves({
      Successful: [{ Id: 'a', MessageId: 'sns-a' }],
      Failed: [
        { Id: 'c', Code: 'InternalError', Message: 'try again', SenderFault: false },
        { Id: 'b', Code: 'InvalidParameter', Message: 'bad attribute', SenderFault: true },
      ],
    });
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    const outcomes = await publisher.publishBatch([message('a'), message('b'), message('c'), message('d')]);
    expect(outcomes).toEqual([
      { id: 'a', ok: true, messageId: 'sns-a' },
      { id: 'b', ok: false, failure: { kind: 'permanent', code: 'InvalidParameter', message: 'bad attribute' } },
      { id: 'c', ok: false, failure: { kind: 'transient', code: 'InternalError', message: 'try again' } },
      { id: 'd', ok: false, failure: { kind: 'transient', code: 'NoResult', message: 'SNS returned no result for this entry' } },
    ]);

    const calls = snsMock.commandCalls(PublishBatchCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.PublishBatchRequestEntries?.map((e) => e.Id)).toEqual(['a', 'b', 'c', 'd']);
    expect(input?.PublishBatchRequestEntries?.[0]?.MessageAttributes?.['eventType']).toEqual({ DataType: 'String', StringValue: 'person.created' });
    expect(input?.PublishBatchRequestEntries?.[0]).not.toHaveProperty('MessageGroupId');
  });

  it('sends FIFO fields on a .fifo topic', async () => {
    snsMock.on(PublishBatchCommand).resolves({ Successful: [{ Id: 'a', MessageId: 'sns-a', SequenceNumber: '1' }] });
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: FIFO_TOPIC });
    await expect(publisher.publishBatch([message('a')])).resolves.toEqual([{ id: 'a', ok: true, messageId: 'sns-a' }]);
    const entry = snsMock.commandCalls(PublishBatchCommand)[0]?.args[0].input.PublishBatchRequestEntries?.[0];
    expect(entry).toMatchObject({ Id: 'a', MessageGroupId: 'agg-a', MessageDeduplicationId: 'a' });
  });

  it('turns a thrown SDK error into a PublishError with the classified failure', async () => {
    const cause = sdkError('Throttling', 'Rate exceeded');
    snsMock.on(PublishBatchCommand).rejects(cause);
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    const error: unknown = await publisher.publishBatch([message('a'), message('b')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ failure: { kind: 'transient', code: 'Throttling', message: 'Rate exceeded' } });
    expect((error as PublishError).cause).toBe(cause);
  });

  it('classifies a thrown authorization error as configuration', async () => {
    snsMock.on(PublishBatchCommand).rejects(sdkError('AuthorizationError', 'not authorized to publish'));
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    await expect(publisher.publishBatch([message('a')])).rejects.toMatchObject({
      name: 'PublishError',
      failure: { kind: 'configuration', code: 'AuthorizationError' },
    });
  });

  it('answers MessageTooLarge (permanent) for a message over 256 KiB without sending it', async () => {
    snsMock.on(PublishBatchCommand).resolves({ Successful: [{ Id: 'small', MessageId: 'sns-small' }] });
    const big = message('big', { payload: JSON.stringify({ blob: 'x'.repeat(262_144) }) });
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    const outcomes = await publisher.publishBatch([big, message('small')]);

    expect(outcomes).toHaveLength(2);
    expect(outcomes).toContainEqual({ id: 'small', ok: true, messageId: 'sns-small' });
    const tooLarge = outcomes.find((o) => o.id === 'big');
    expect(tooLarge).toMatchObject({ ok: false, failure: { kind: 'permanent', code: 'MessageTooLarge' } });
    expect(tooLarge).toMatchObject({ failure: { message: expect.stringMatching(/SNS accepts 262144$/) as unknown } });
    expect(sentEntryIds()).toEqual([['small']]);
  });

  it('does not call SNS at all when every message is too large', async () => {
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    const outcomes = await publisher.publishBatch([message('big', { payload: JSON.stringify('é'.repeat(140_000)) })]);
    expect(outcomes).toEqual([{ id: 'big', ok: false, failure: expect.objectContaining({ kind: 'permanent', code: 'MessageTooLarge' }) as unknown }]);
    expect(snsMock.calls()).toHaveLength(0);
  });

  it('plans batches of at most 10 messages, in order', () => {
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    const messages = Array.from({ length: 12 }, (_, i) => message(`m${i}`));
    const batches = publisher.planBatches(messages);
    expect(batches.map((b) => b.map((m) => m.id))).toEqual([
      ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'],
      ['m10', 'm11'],
    ]);
    expect(snsMock.calls()).toHaveLength(0);
  });

  it('plans a new batch before the request would pass 256 KiB', () => {
    const publisher = createSnsPublisher({ createClient: () => client, topicArn: TOPIC });
    const blob = JSON.stringify({ blob: 'y'.repeat(100_000) });
    const messages = ['a', 'b', 'c'].map((id) => message(id, { payload: blob }));
    expect(publisher.planBatches(messages).map((b) => b.map((m) => m.id))).toEqual([['a', 'b'], ['c']]);
  });
});
