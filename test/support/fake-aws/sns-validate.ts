/** SNS request limits, enforced like the real service. */
import { AwsError, snsErrors } from './errors.js';
import type { MessageAttributeValue } from './types.js';

export const MAX_PAYLOAD_BYTES = 262_144;
export const MAX_BATCH_ENTRIES = 10;

export interface PublishEntry {
  batchEntryId?: string;
  message: string | undefined;
  subject?: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export const isFifoTopic = (topicArn: string): boolean => topicArn.endsWith('.fifo');

export function validateTopicArn(topicArn: string | undefined): string {
  if (topicArn === undefined) throw snsErrors.invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  if (!TOPIC_ARN.test(topicArn)) throw snsErrors.invalidParameter('TopicArn');
  return topicArn;
}

function binaryLength(base64: string): number {
  return Buffer.from(base64, 'base64').byteLength;
}

/** SNS counts the body plus every attribute name, type and value towards the 256 KiB limit. */
export function payloadBytes(entry: PublishEntry): number {
  let total = Buffer.byteLength(entry.message ?? '');
  for (const [name, value] of Object.entries(entry.messageAttributes)) {
    total += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    total += value.StringValue !== undefined ? Buffer.byteLength(value.StringValue) : 0;
    total += value.BinaryValue !== undefined ? binaryLength(value.BinaryValue) : 0;
  }
  return total;
}

function invalidAttribute(detail: string): AwsError {
  // The SDK maps the wire code ParameterValueInvalid to InvalidParameterValueException.
  return new AwsError(400, 'ParameterValueInvalid', detail);
}

function validateAttribute(name: string, value: MessageAttributeValue): void {
  const baseType = value.DataType.split('.')[0];
  if (baseType !== 'String' && baseType !== 'Number' && baseType !== 'Binary') {
    throw invalidAttribute(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
  }
  const present = baseType === 'Binary' ? value.BinaryValue : value.StringValue;
  if (present === undefined || present === '') {
    throw invalidAttribute(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${baseType}'.`);
  }
  if (baseType === 'Number' && !Number.isFinite(Number(present))) {
    throw invalidAttribute(`Could not cast message attribute '${name}' value to number.`);
  }
}

/** Checks shared by Publish and each PublishBatch entry. */
export function validateEntry(topicArn: string, entry: PublishEntry): void {
  if (entry.message === undefined || entry.message === '') throw snsErrors.invalidParameter('Empty message');
  for (const [name, value] of Object.entries(entry.messageAttributes)) validateAttribute(name, value);
  if (isFifoTopic(topicArn) && entry.messageGroupId === undefined) {
    throw snsErrors.invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  }
}

export function validatePublish(topicArn: string, entry: PublishEntry): void {
  validateEntry(topicArn, entry);
  if (payloadBytes(entry) > MAX_PAYLOAD_BYTES) throw snsErrors.invalidParameter('Message too long');
}

/** Request-level batch checks, in the order SNS applies them. */
export function validateBatch(topicArn: string, entries: readonly PublishEntry[]): void {
  if (entries.length === 0) throw snsErrors.emptyBatch();
  if (entries.length > MAX_BATCH_ENTRIES) throw snsErrors.tooManyEntries();
  const ids = entries.map((e) => e.batchEntryId ?? '');
  if (ids.some((id) => !BATCH_ENTRY_ID.test(id))) throw snsErrors.invalidEntryId();
  if (new Set(ids).size !== ids.length) throw snsErrors.idsNotDistinct();
  const total = entries.reduce((sum, e) => sum + payloadBytes(e), 0);
  if (total > MAX_PAYLOAD_BYTES) throw snsErrors.batchTooLong();
  for (const entry of entries) validateEntry(topicArn, entry);
}
