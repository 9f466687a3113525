/** SNS Publish / PublishBatch over awsQuery (form-urlencoded request, XML response). */
import { randomUUID } from 'node:crypto';
import { authenticate, type Caller } from './auth.js';
import type { FakeAwsContext, FakeRequest, XmlReply } from './context.js';
import { AwsError, commonErrors, snsErrors } from './errors.js';
import { indexedGroups, optional, readMessageAttributes, type QueryParams } from './query.js';
import { checkTopicAccess, createTopic, getTopicAttributes } from './sns-topics.js';
import { isFifoTopic, validateBatch, validatePublish, validateTopicArn, type PublishEntry } from './sns-validate.js';
import type { FaultKind, RecordedMessage } from './types.js';
import { memberList, SNS_XMLNS, successXml, text } from './xml.js';

interface Published {
  messageId: string;
  sequenceNumber?: string;
}

function readEntry(params: QueryParams, prefix = ''): PublishEntry {
  const entry: PublishEntry = {
    message: params.get(`${prefix}Message`),
    messageAttributes: readMessageAttributes(params, prefix),
  };
  const optionalFields = {
    batchEntryId: 'Id',
    subject: 'Subject',
    messageGroupId: 'MessageGroupId',
    messageDeduplicationId: 'MessageDeduplicationId',
  } as const;
  for (const [field, key] of Object.entries(optionalFields) as [keyof typeof optionalFields, string][]) {
    const value = optional(params, `${prefix}${key}`);
    if (value !== undefined) entry[field] = value;
  }
  return entry;
}

/** Returns the per-message rejection chosen by the `rejectMessage` fault, if any. */
function rejectionOf(ctx: FakeAwsContext, topicArn: string, entry: PublishEntry): AwsError | null {
  const reject = ctx.faults.current.rejectMessage;
  if (!reject) return null;
  const verdict = reject(entry.message ?? '', {
    topicArn,
    messageAttributes: entry.messageAttributes,
    messageGroupId: entry.messageGroupId,
    batchEntryId: entry.batchEntryId,
  });
  if (verdict === false) return null;
  if (verdict === true) return snsErrors.invalidParameter('Message rejected by fake-aws rejectMessage');
  const senderFault = verdict.senderFault ?? true;
  return new AwsError(senderFault ? 400 : 500, verdict.code, verdict.message ?? `Rejected (${verdict.code})`);
}

function record(ctx: FakeAwsContext, action: RecordedMessage['action'], topicArn: string, entry: PublishEntry, caller: Caller): Published {
  const published: Published = { messageId: randomUUID() };
  if (isFifoTopic(topicArn)) {
    ctx.counters.sequence += 1n;
    // Real sequence numbers are 20-digit, strictly increasing decimal strings.
    published.sequenceNumber = (10n ** 19n + ctx.counters.sequence).toString();
  }
  const { message = '', ...rest } = entry;
  ctx.recorder.record({ action, topicArn, ...published, message, ...rest, accessKeyId: caller.accessKeyId, receivedAt: new Date() });
  return published;
}

function publish(ctx: FakeAwsContext, request: FakeRequest, caller: Caller, forced: FaultKind | null): XmlReply {
  const topicArn = validateTopicArn(optional(request.params, 'TopicArn') ?? optional(request.params, 'TargetArn'));
  checkTopicAccess(ctx, caller, topicArn, forced);
  const entry = readEntry(request.params);
  validatePublish(topicArn, entry);
  const rejection = rejectionOf(ctx, topicArn, entry);
  if (rejection) throw rejection;
  const published = record(ctx, 'Publish', topicArn, entry, caller);
  const result = text('MessageId', published.messageId) + text('SequenceNumber', published.sequenceNumber);
  return { status: 200, xml: successXml('Publish', SNS_XMLNS, result, request.requestId) };
}

function failedEntry(id: string, error: AwsError): string {
  return text('Id', id) + text('Code', error.code) + text('Message', error.message) + text('SenderFault', error.type === 'Sender');
}

function publishBatch(ctx: FakeAwsContext, request: FakeRequest, caller: Caller, forced: FaultKind | null): XmlReply {
  const topicArn = validateTopicArn(optional(request.params, 'TopicArn'));
  checkTopicAccess(ctx, caller, topicArn, forced);
  const entries = indexedGroups(request.params, 'PublishBatchRequestEntries.member').map((group) => readEntry(group));
  validateBatch(topicArn, entries);
  const successful: string[] = [];
  const failed: string[] = [];
  for (const entry of entries) {
    const id = entry.batchEntryId ?? '';
    const rejection = rejectionOf(ctx, topicArn, entry);
    if (rejection) {
      failed.push(failedEntry(id, rejection));
      continue;
    }
    const published = record(ctx, 'PublishBatch', topicArn, entry, caller);
    successful.push(text('Id', id) + text('MessageId', published.messageId) + text('SequenceNumber', published.sequenceNumber));
  }
  const result = memberList('Successful', successful) + memberList('Failed', failed);
  return { status: 200, xml: successXml('PublishBatch', SNS_XMLNS, result, request.requestId) };
}

/** `forced` is an AuthorizationError/NotFound fault chosen before authentication (failNext). */
export function handleSns(ctx: FakeAwsContext, request: FakeRequest, forced: FaultKind | null): XmlReply {
  const caller = authenticate(request, {
    store: ctx.store,
    accountId: ctx.accountId,
    verifySignatures: ctx.verifySignatures,
    allowUnknownKeys: !ctx.requireAssumedRole,
  });
  switch (request.action) {
    case 'Publish':
      return publish(ctx, request, caller, forced);
    case 'PublishBatch':
      return publishBatch(ctx, request, caller, forced);
    case 'CreateTopic':
      return createTopic(ctx, request);
    case 'GetTopicAttributes':
      return getTopicAttributes(ctx, request, caller, forced);
    default:
      throw commonErrors.invalidAction(request.action);
  }
}
