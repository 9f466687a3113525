/**
 * BENCH ONLY, never part of the product: the naive design the outbox replaces. The app is the
 * product's (same routes, same database write, EVENTS_ENABLED=false so no outbox row), plus a
 * mediator subscription that awaits an SNS Publish for each committed event before the
 * request may answer. Run by the bench as `node --import tsx bench/inline-await-server.ts`.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';
import { createLogger } from '../src/lib/logger.js';
import type { CommittedEvent } from '../src/mediator/types.js';
import { toBatchEntry } from '../src/outbox/sns/sns-batches.js';
import { createSnsClient } from '../src/outbox/sns/sns-client.js';
import type { OutboxMessage } from '../src/outbox/message.js';

function asMessage(event: CommittedEvent): OutboxMessage {
  return {
    id: event.id,
    seq: 0,
    eventType: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    payload: JSON.stringify(event.data),
    correlationId: event.correlationId,
    traceparent: event.traceparent,
    createdAt: event.occurredAt,
    attempts: 0,
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { topicArn } = config.aws;
  if (config.eventsEnabled || topicArn === undefined) {
    throw new Error('inline-await-server needs EVENTS_ENABLED=false and SNS_TOPIC_ARN');
  }
  const logger = createLogger(config.logLevel);
  const deps = await createDeps(config, logger);
  const sns = createSnsClient(config.aws);
  // The request waits for SNS: its latency, its failures and its outages become the API's.
  deps.mediator.subscribe('person.created', async (event) => {
    const entry = toBatchEntry(asMessage(event), false);
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: entry.Message, MessageAttributes: entry.MessageAttributes }));
  });
  const app = await buildApp(deps);
  const stop = async (): Promise<void> => {
    await app.close();
    await deps.close();
    sns.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await app.listen({ host: config.host, port: config.port });
  deps.start();
}

await main();
