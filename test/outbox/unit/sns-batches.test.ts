import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/outbox/message.js';
import {
  SNS_MAX_BATCH_ENTRIES,
  SNS_MAX_PAYLOAD_BYTES,
  entrySize,
  isFifoTopic,
  packBatches,
  toBatchEntry,
} from '../../../src/outbox/sns/sns-batches.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    seq: 1,
    eventType: 'person.created',
    aggregateType: 'person',
    aggregateId: '01900000-0000-7000-8000-0000000000aa',
    payload: '{"id":"01900000-0000-7000-8000-0000000000aa"}',
    correlationId: 'corr-1',
    traceparent: TRACEPARENT,
    createdAt: '2024-05-01T12:00:00.000Z',
    attempts: 0,
    ...overrides,
  };
}

const identity = (n: number): number => n;

describe('limits', () => {
  it('are the SNS ones: 10 entries, 256 KiB', () => {
    expect(SNS_MAX_BATCH_ENTRIES).toBe(10);
    expect(SNS_MAX_PAYLOAD_BYTES).toBe(256 * 1024);
  });
});

describe('packBatches', () => {
  it('packs 25 small entries as 10, 10, 5 in order', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const batches = packBatches(items, () => 100);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(items);
    expect(batches[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('starts a new batch when the next entry would pass 256 KiB', () => {
    expect(packBatches([100_000, 100_000, 100_000, 10], identity)).toEqual([[100_000, 100_000], [100_000, 10]]);
  });

  it('allows a batch of exactly 256 KiB, not one byte more', () => {
    expect(packBatches([131_072, 131_072], identity)).toEqual([[131_072, 131_072]]);
    expect(packBatches([131_072, 131_073], identity)).toEqual([[131_072], [131_073]]);
  });

  it('puts an entry over 256 KiB alone in its batch', () => {
    expect(packBatches([10, 300_000, 20], identity)).toEqual([[10], [300_000], [20]]);
    expect(packBatches([300_000], identity)).toEqual([[300_000]]);
  });

  it('preserves order across size and count splits', () => {
    const sizes = [200_000, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100_000, 200_000];
    const batches = packBatches(sizes, identity);
    expect(batches).toEqual([[200_000, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 100_000], [200_000]]);
    expect(batches.flat()).toEqual(sizes);
  });

  it('returns no batch for no entries', () => {
    expect(packBatches([], identity)).toEqual([]);
  });
});

describe('toBatchEntry', () => {
  it('carries id, CloudEvent body and the eventType, correlationId and traceparent attributes', () => {
    const m = message();
    const entry = toBatchEntry(m, false);
    expect(entry.Id).toBe(m.id);
    expect(JSON.parse(entry.Message ?? '') as unknown).toMatchObject({ id: m.id, type: 'person.created' });
    expect(entry.MessageAttributes).toEqual({
      eventType: { DataType: 'String', StringValue: 'person.created' },
      correlationId: { DataType: 'String', StringValue: 'corr-1' },
      traceparent: { DataType: 'String', StringValue: TRACEPARENT },
    });
  });

  it('omits traceparent when the message has none', () => {
    const entry = toBatchEntry(message({ traceparent: null }), false);
    expect(Object.keys(entry.MessageAttributes ?? {}).sort()).toEqual(['correlationId', 'eventType']);
  });

  it('on a FIFO topic adds MessageGroupId = aggregateId and MessageDeduplicationId = id', () => {
    const m = message();
    const entry = toBatchEntry(m, true);
    expect(entry.MessageGroupId).toBe('01900000-0000-7000-8000-0000000000aa');
    expect(entry.MessageDeduplicationId).toBe('01900000-0000-7000-8000-000000000001');
  });

  it('on a standard topic sets neither FIFO field', () => {
    const entry = toBatchEntry(message(), false);
    expect(entry).not.toHaveProperty('MessageGroupId');
    expect(entry).not.toHaveProperty('MessageDeduplicationId');
  });
});

describe('isFifoTopic', () => {
  it('recognises a .fifo topic ARN', () => {
    expect(isFifoTopic('arn:aws:sns:eu-west-1:123456789012:people-events.fifo')).toBe(true);
    expect(isFifoTopic('arn:aws:sns:eu-west-1:123456789012:people-events')).toBe(false);
  });
});

describe('entrySize', () => {
  it('counts the body in UTF-8 bytes, not characters', () => {
    // h(1) é(2) l(1) l(1) o(1) 😀(4) = 10 bytes, 7 UTF-16 code units
    expect(entrySize({ Id: 'a', Message: 'héllo😀' })).toBe(10);
  });

  it('adds each attribute name, data type and value in UTF-8 bytes', () => {
    const entry: PublishBatchRequestEntry = {
      Id: 'a',
      Message: 'héllo😀',
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: 'ü' },
        correlationId: { DataType: 'String', StringValue: 'c-1' },
      },
    };
    // 10 + (eventType 9 + String 6 + ü 2) + (correlationId 13 + String 6 + c-1 3)
    expect(entrySize(entry)).toBe(10 + 17 + 22);
  });

  it('is the byte size of a real entry built from a multibyte payload', () => {
    const m = message({ payload: '{"firstName":"Zoë","note":"日本"}', traceparent: null });
    const entry = toBatchEntry(m, false);
    const body = entry.Message ?? '';
    const attributes = 'eventType'.length + 6 + 'person.created'.length + 'correlationId'.length + 6 + 'corr-1'.length;
    expect(entrySize(entry)).toBe(Buffer.byteLength(body, 'utf8') + attributes);
    // ë is 2 bytes, 日 and 本 are 3 bytes each: 1 + 2 + 2 = 5 more bytes than characters
    expect(entrySize(entry) - body.length - attributes).toBe(5);
  });
});
