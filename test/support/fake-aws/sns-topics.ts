/** Topic existence/permission switches plus the cheap CreateTopic / GetTopicAttributes. */
import type { Caller } from './auth.js';
import type { FakeAwsContext, FakeRequest, XmlReply } from './context.js';
import { snsErrors } from './errors.js';
import { optional } from './query.js';
import { isFifoTopic, validateTopicArn } from './sns-validate.js';
import type { FaultKind } from './types.js';
import { el, SNS_XMLNS, successXml, text } from './xml.js';

/** Applies AuthorizationError / NotFound, from the switches or a queued failNext. */
export function checkTopicAccess(ctx: FakeAwsContext, caller: Caller, topicArn: string, forced: FaultKind | null): void {
  const faults = ctx.faults.current;
  if (forced === 'authorizationError' || faults.authorizationError) {
    throw snsErrors.authorization(caller.principal, topicArn);
  }
  if (forced === 'notFound' || faults.topicNotFound || faults.missingTopics.includes(topicArn)) {
    throw snsErrors.notFound();
  }
}

export function createTopic(ctx: FakeAwsContext, request: FakeRequest): XmlReply {
  const name = optional(request.params, 'Name');
  if (name === undefined || !/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name)) {
    throw snsErrors.invalidParameter('Topic Name');
  }
  const topicArn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`;
  return { status: 200, xml: successXml('CreateTopic', SNS_XMLNS, text('TopicArn', topicArn), request.requestId) };
}

function attributeMap(entries: Record<string, string>): string {
  const rendered = Object.entries(entries).map(([key, value]) => el('entry', text('key', key) + text('value', value)));
  return el('Attributes', rendered.join(''));
}

export function getTopicAttributes(ctx: FakeAwsContext, request: FakeRequest, caller: Caller, forced: FaultKind | null): XmlReply {
  const topicArn = validateTopicArn(optional(request.params, 'TopicArn'));
  checkTopicAccess(ctx, caller, topicArn, forced);
  const attributes: Record<string, string> = {
    TopicArn: topicArn,
    Owner: ctx.accountId,
    DisplayName: '',
    SubscriptionsConfirmed: '0',
    SubscriptionsPending: '0',
    SubscriptionsDeleted: '0',
  };
  if (isFifoTopic(topicArn)) {
    attributes['FifoTopic'] = 'true';
    // The fake accepts FIFO publishes without MessageDeduplicationId, as content-based dedup would.
    attributes['ContentBasedDeduplication'] = 'true';
  }
  return { status: 200, xml: successXml('GetTopicAttributes', SNS_XMLNS, attributeMap(attributes), request.requestId) };
}
