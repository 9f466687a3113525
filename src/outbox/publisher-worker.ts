import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../lib/logger.js';
import { createPublisher } from './create-publisher.js';
import type { OutboxMessage } from './message.js';
import { publishFailureOf } from './publisher.js';
import type { FromPublisherThread, PublishReply, PublishRequest, PublishResult, PublisherThreadData } from './publisher-thread.js';

/**
 * Entry of the publisher thread (see publisher-thread.ts): the real publisher (the AWS SDK's SNS
 * client with its assumed-role credentials, or the log) answering one request per batch.
 */
const port = parentPort;
if (!port) throw new Error('publisher-worker runs only as a worker thread');
const { aws, logLevel } = workerData as PublisherThreadData;
// Lines go to the main thread, which writes them where its own go (stdout, or a test's capture).
const logger = createLogger(logLevel, {
  write: (line: string) => {
    const message: FromPublisherThread = { log: line };
    port.postMessage(message);
  },
}).child({ thread: 'publisher' });
const publisher = createPublisher(aws, logger);

async function publish(batch: readonly OutboxMessage[]): Promise<PublishResult> {
  try {
    return { outcomes: await publisher.publishBatch(batch) };
  } catch (error) {
    return { failure: publishFailureOf(error) };
  }
}

port.on('message', (request: PublishRequest) => {
  void publish(request.batch).then((result) => {
    const reply: PublishReply = { id: request.id, ...result };
    port.postMessage(reply);
  });
});
