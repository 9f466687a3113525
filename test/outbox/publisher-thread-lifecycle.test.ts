import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { PublishError } from '../../src/outbox/publisher.js';
import { createThreadedPublisher } from '../../src/outbox/publisher-thread.js';
import { LogCapture } from '../helpers/test-app.js';

/** A publisher thread that dies on the first batch it is given. */
const DYING_THREAD = `
  import { parentPort } from 'node:worker_threads';
  parentPort.on('message', () => process.exit(3));
`;
const dying = new URL(`data:text/javascript,${encodeURIComponent(DYING_THREAD)}`);

const message = {
  id: '01a242eb-81e9-70f0-befa-bcfb05c6a066',
  seq: 1,
  eventType: 'person.created',
  aggregateType: 'person',
  aggregateId: '01a242eb-81e9-70f0-befa-bcfb05c6a067',
  payload: '{}',
  correlationId: 'c-1',
  traceparent: null,
  createdAt: '2026-12-04T21:00:00.000Z',
  attempts: 0,
};

async function failureOf(attempt: Promise<unknown>): Promise<unknown> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return (error as PublishError).failure;
}

it('publishes through the real worker and hands its outcomes back (the log destination, no AWS)', async () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const publisher = createThreadedPublisher({ aws: config.aws, logLevel: 'silent', logger: createLogger('silent') });
  expect(await failureOf(publisher.publishBatch([message]))).toMatchObject({ code: 'PublisherThreadDown', message: 'the publisher thread is not started' });
  publisher.start();
  try {
    expect(publisher.name).toBe('log');
    const second = { ...message, id: '01a242eb-81e9-70f0-befa-bcfb05c6a068', seq: 2 };
    expect(publisher.planBatches([message, second])).toEqual([[message, second]]);
    expect(await publisher.publishBatch([message, second])).toEqual([
      { id: message.id, ok: true, messageId: `log-${message.id}` },
      { id: second.id, ok: true, messageId: `log-${second.id}` },
    ]);
  } finally {
    await publisher.close();
  }
});

it('fails the batch a dying thread held as transient, starts the thread again later each time, and not after close', async () => {
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test' });
  const publisher = createThreadedPublisher({ aws: config.aws, logLevel: 'silent', logger: createLogger('info', logs), script: dying });
  const restarts = (): unknown[] => logs.lines.filter((l) => l['msg'] === 'publisher thread exited unexpectedly; starting it again');
  publisher.start();
  try {
    expect(await failureOf(publisher.publishBatch([message]))).toEqual({
      kind: 'transient',
      code: 'PublisherThreadDown',
      message: 'the publisher thread exited (code 3)',
    });
    expect(restarts()).toMatchObject([{ level: 'error', exitCode: 3, restartInMs: 500 }]);
    // Until it is back, batches fail at once (the breaker counts them; the rows are retried).
    expect(await failureOf(publisher.publishBatch([message]))).toMatchObject({ code: 'PublisherThreadDown', message: 'the publisher thread is restarting' });

    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await failureOf(publisher.publishBatch([message]))).toMatchObject({ message: 'the publisher thread exited (code 3)' });
    expect(restarts()).toMatchObject([{ restartInMs: 500 }, { restartInMs: 1_000 }]);
  } finally {
    await publisher.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(restarts()).toHaveLength(2);
  expect(await failureOf(publisher.publishBatch([message]))).toMatchObject({ message: 'the publisher is closed' });
});
