import type { MessageAttributeValue, PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import { cloudEventJson } from '../cloud-event.js';
import type { OutboxMessage } from '../message.js';

/** SNS limits: 10 entries per PublishBatch, 256 KiB for a message and for a whole request. */
export const SNS_MAX_BATCH_ENTRIES = 10;
export const SNS_MAX_PAYLOAD_BYTES = 262_144;

export function isFifoTopic(topicArn: string): boolean {
  return topicArn.endsWith('.fifo');
}

export function toBatchEntry(message: OutboxMessage, fifo: boolean): PublishBatchRequestEntry {
  const attributes: Record<string, MessageAttributeValue> = {
    eventType: { DataType: 'String', StringValue: message.eventType },
    correlationId: { DataType: 'String', StringValue: message.correlationId },
  };
  if (message.traceparent) attributes['traceparent'] = { DataType: 'String', StringValue: message.traceparent };
  return {
    Id: message.id,
    Message: cloudEventJson(message),
    MessageAttributes: attributes,
    // FIFO: one group per aggregate keeps a person's events in order; the event id dedupes retries.
    ...(fifo ? { MessageGroupId: message.aggregateId, MessageDeduplicationId: message.id } : {}),
  };
}

/** Bytes SNS counts against its limit: the body plus each attribute's name, type and value. */
export function entrySize(entry: PublishBatchRequestEntry): number {
  let size = Buffer.byteLength(entry.Message ?? '', 'utf8');
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    size += Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return size;
}

/** Greedy packing in order: a new batch starts at 10 entries or when the next entry would pass 256 KiB. */
export function packBatches<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentSize = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length === SNS_MAX_BATCH_ENTRIES || (current.length > 0 && currentSize + size > SNS_MAX_PAYLOAD_BYTES)) {
      batches.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(item);
    currentSize += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A message with the entry SNS gets for it and that entry's size. */
export interface PlannedEntry {
  readonly message: OutboxMessage;
  readonly entry: PublishBatchRequestEntry;
  readonly size: number;
}

export function planEntry(message: OutboxMessage, fifo: boolean): PlannedEntry {
  const entry = toBatchEntry(message, fifo);
  return { message, entry, size: entrySize(entry) };
}

/** The PublishBatch requests that carry `messages` (no AWS SDK code runs: the planning is pure). */
export function planSnsBatches(messages: readonly OutboxMessage[], fifo: boolean): OutboxMessage[][] {
  return packBatches(messages.map((m) => planEntry(m, fifo)), (planned) => planned.size).map((batch) => batch.map((p) => p.message));
}
