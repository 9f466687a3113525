import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';
import { newOwner, type BackgroundDispatcher, type DispatcherStatus } from './dispatcher.js';
import { replay, type DispatcherThreadData, type DispatcherThreadReport, type ToDispatcherThread } from './dispatcher-thread-protocol.js';
import type { OutboxObserver } from './observer.js';
import { destinationOf } from './publisher.js';

export interface DispatcherThreadOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Receives the thread's observations (the metrics). */
  readonly observer: OutboxObserver;
  /** The thread's entry; tests substitute one that dies. Default: dispatcher-worker. */
  readonly script?: URL;
}

/** After an unexpected exit the thread is started again after a delay, doubling up to the cap while it keeps dying young. */
const RESTART_DELAY_MS = { first: 500, max: 30_000 };
const HEALTHY_RUN_MS = 60_000;
/** How long past its deadline a stopping thread may take before it is terminated. */
const STOP_GRACE_MS = 2_000;

const NUDGE: ToDispatcherThread = { type: 'nudge' };

/**
 * From dist/ the worker is compiled JavaScript. From src/ (tests, the bench's --no-build) it is
 * TypeScript: a worker does not inherit tsx's loader, so a one-line script imports it through tsx.
 */
function createWorker(workerData: DispatcherThreadData, script: URL | undefined): Worker {
  if (script) return new Worker(script, { workerData });
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./dispatcher-worker.js', import.meta.url), { workerData });
  const entry = new URL('./dispatcher-worker.ts', import.meta.url).href;
  const loader = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * The dispatcher in a worker thread of its own (dispatcher-worker.ts): the same loop, but its
 * CPU (signing PublishBatch requests, serialising, writing outcomes) runs beside the HTTP
 * server instead of between its requests. Commits wake it through a message; its status and
 * metrics come back the same way. A thread that dies is started again: the rows it held are
 * leased and taken again when their lease expires.
 */
export class DispatcherThread implements BackgroundDispatcher {
  readonly owner = newOwner();
  private worker: Worker | undefined;
  private latest: DispatcherStatus;
  private wanted = false;
  private nudgeQueued = false;
  private restartDelayMs = RESTART_DELAY_MS.first;
  private restartTimer: NodeJS.Timeout | undefined;
  private spawnedAt = 0;

  constructor(private readonly options: DispatcherThreadOptions) {
    this.latest = { destination: destinationOf(options.config.aws), circuit: 'closed', running: false, lastFailure: null, halted: null };
  }

  /** Commits of one turn of the event loop send one message. */
  nudge(): void {
    if (!this.worker || this.nudgeQueued) return;
    this.nudgeQueued = true;
    setImmediate(() => {
      this.nudgeQueued = false;
      this.worker?.postMessage(NUDGE);
    });
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.spawn();
  }

  async stop(deadlineMs = 10_000): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.latest = { ...this.latest, halted: null };
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', () => {
        resolve();
      });
    });
    const stop: ToDispatcherThread = { type: 'stop', deadlineMs };
    worker.postMessage(stop);
    const grace = setTimeout(() => {
      this.options.logger.warn({ graceMs: STOP_GRACE_MS }, 'dispatcher thread did not stop in time; terminating it');
      void worker.terminate();
    }, deadlineMs + STOP_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }

  status(): DispatcherStatus {
    return this.latest;
  }

  private spawn(): void {
    const worker = createWorker({ config: this.options.config, owner: this.owner }, this.options.script);
    this.worker = worker;
    this.spawnedAt = performance.now();
    worker.on('message', (report: DispatcherThreadReport) => {
      this.latest = report.status;
      for (const observation of report.observations) replay(observation, this.options.observer);
    });
    worker.on('error', (error) => {
      this.options.logger.error({ err: error }, 'dispatcher thread failed');
    });
    worker.on('exit', (code) => {
      this.worker = undefined;
      const halted = this.wanted ? `dispatcher thread exited (code ${code}) at ${new Date().toISOString()}; restarting` : null;
      this.latest = { ...this.latest, running: false, halted };
      if (!this.wanted) return;
      if (performance.now() - this.spawnedAt > HEALTHY_RUN_MS) this.restartDelayMs = RESTART_DELAY_MS.first;
      this.options.logger.error({ exitCode: code, restartInMs: this.restartDelayMs }, 'dispatcher thread exited unexpectedly; starting it again');
      this.restartTimer = setTimeout(() => {
        this.spawn();
      }, this.restartDelayMs);
      this.restartDelayMs = Math.min(this.restartDelayMs * 2, RESTART_DELAY_MS.max);
    });
  }
}
