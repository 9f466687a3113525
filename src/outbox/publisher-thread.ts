import { Worker } from 'node:worker_threads';
import type { AwsConfig, LogLevel } from '../config.js';
import { logDestination, type Logger } from '../lib/logger.js';
import { planLogBatches } from './log-publisher.js';
import type { OutboxMessage } from './message.js';
import { PublishError, destinationOf, type ManagedPublisher, type PublishFailure, type PublishOutcome } from './publisher.js';
import { isFifoTopic, planSnsBatches } from './sns/sns-batches.js';

/** What the publisher thread starts with (structured-cloned: plain data only). */
export interface PublisherThreadData {
  readonly aws: AwsConfig;
  readonly logLevel: LogLevel;
}

export interface PublishRequest {
  readonly id: number;
  readonly batch: readonly OutboxMessage[];
}

/** The outcomes, or the failure of the whole request (a PublishError on this side). */
export type PublishResult = { readonly outcomes: PublishOutcome[] } | { readonly failure: PublishFailure };
export type PublishReply = { readonly id: number } & PublishResult;

/** A reply, or a log line the thread formatted (with the same redaction): it goes where the main thread's lines go. */
export type FromPublisherThread = PublishReply | { readonly log: string };

export interface PublisherThreadOptions {
  readonly aws: AwsConfig;
  readonly logLevel: LogLevel;
  readonly logger: Logger;
  /** The thread's entry; tests substitute one that dies. Default: publisher-worker. */
  readonly script?: URL;
}

/** After an unexpected exit the thread is started again after a delay, doubling while it keeps dying young. */
const RESTART_DELAY_MS = { first: 500, max: 30_000 };
const HEALTHY_RUN_MS = 60_000;

/**
 * From dist/ the worker is compiled JavaScript. From src/ (tests, the bench's --no-build) it is
 * TypeScript: a worker does not inherit tsx's loader, so a one-line script imports it through tsx.
 */
function createWorker(workerData: PublisherThreadData, script: URL | undefined): Worker {
  if (script) return new Worker(script, { workerData });
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./publisher-worker.js', import.meta.url), { workerData });
  const entry = new URL('./publisher-worker.ts', import.meta.url).href;
  const loader = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * The publisher in a worker thread of its own: each PublishBatch (serialising, SigV4 signing,
 * the HTTP exchange, parsing the answer; about a millisecond of CPU in the AWS SDK) runs beside
 * the HTTP server instead of between its requests. The dispatcher, its database work, breaker,
 * metrics and logs stay on the main thread; only batches and their outcomes (and the thread's
 * few log lines) cross. Planning batches is pure and stays here. A thread that dies fails the batches it held (transient:
 * retried, counted by the breaker) and is started again.
 */
export function createThreadedPublisher(options: PublisherThreadOptions): ManagedPublisher {
  const { aws, logLevel, logger } = options;
  const fifo = aws.topicArn !== undefined && isFifoTopic(aws.topicArn);
  const logLines = logDestination(logger);
  const pending = new Map<number, { resolve: (outcomes: PublishOutcome[]) => void; reject: (error: PublishError) => void }>();
  let nextId = 0;
  let worker: Worker | undefined;
  let started = false;
  let closed = false;
  let restartDelayMs = RESTART_DELAY_MS.first;
  let restartTimer: NodeJS.Timeout | undefined;

  const threadDown = (why: string): PublishError => new PublishError({ kind: 'transient', code: 'PublisherThreadDown', message: why });

  const spawn = (): void => {
    restartTimer = undefined;
    const spawnedAt = performance.now();
    const current = createWorker({ aws, logLevel }, options.script);
    worker = current;
    current.on('message', (reply: FromPublisherThread) => {
      if ('log' in reply) {
        logLines.write(reply.log);
        return;
      }
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ('outcomes' in reply) waiting?.resolve(reply.outcomes);
      else waiting?.reject(new PublishError(reply.failure));
    });
    current.on('error', (error) => {
      logger.error({ err: error }, 'publisher thread failed');
    });
    current.on('exit', (code) => {
      worker = undefined;
      for (const waiting of pending.values()) waiting.reject(threadDown(`the publisher thread exited (code ${code})`));
      pending.clear();
      if (closed) return;
      if (performance.now() - spawnedAt > HEALTHY_RUN_MS) restartDelayMs = RESTART_DELAY_MS.first;
      logger.error({ exitCode: code, restartInMs: restartDelayMs }, 'publisher thread exited unexpectedly; starting it again');
      restartTimer = setTimeout(spawn, restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, RESTART_DELAY_MS.max);
    });
  };

  return {
    name: destinationOf(aws),
    planBatches: (messages) => (aws.topicArn ? planSnsBatches(messages, fifo) : planLogBatches(messages)),
    publishBatch: (batch) =>
      new Promise((resolve, reject) => {
        if (!worker) {
          reject(threadDown(closed ? 'the publisher is closed' : started ? 'the publisher thread is restarting' : 'the publisher thread is not started'));
          return;
        }
        nextId += 1;
        // Posted first: if the batch cannot be cloned this throws (the dispatcher reports it) and nothing waits.
        worker.postMessage({ id: nextId, batch } satisfies PublishRequest);
        pending.set(nextId, { resolve, reject });
      }),
    start: () => {
      if (started || closed) return;
      started = true;
      spawn();
    },
    close: async () => {
      closed = true;
      clearTimeout(restartTimer);
      await worker?.terminate();
    },
  };
}
