import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { BrokenCircuitError } from 'cockatiel';
import type { OutboxConfig } from '../config.js';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../lib/logger.js';
import { mapLimit } from '../lib/map-limit.js';
import { Circuit, type CircuitName } from './circuit.js';
import { toOutboxMessage, type OutboxMessage } from './message.js';
import { silentObserver, type OutboxObserver } from './observer.js';
import { claimDue, markFailed, markPublished, releaseLeases } from './outbox-repository.js';
import { planSettlement, type SettlePlan } from './outcome-plan.js';
import { PublishError, type PublishFailure, type PublishOutcome, type Publisher } from './publisher.js';
import { RetentionJob } from './retention.js';
import { WakeupChannel } from './wakeup-channel.js';

export interface DispatcherOptions {
  readonly db: Db;
  readonly logger: Logger;
  readonly publisher: Publisher;
  readonly config: OutboxConfig;
  readonly clock?: () => Date;
  readonly observer?: OutboxObserver;
}

export interface DispatcherStatus {
  readonly destination: string;
  readonly circuit: CircuitName;
  readonly running: boolean;
  /** The last failure of a whole request, cleared by the next success. */
  readonly lastFailure: (PublishFailure & { readonly at: string }) | null;
}

/**
 * The BackgroundService: claims due outbox rows under a lease, publishes them in batches
 * through the circuit breaker, and writes each outcome back. Started with the app, stopped
 * with it; `start` and `stop` are safe to call twice.
 */
export class Dispatcher {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly wakeups: WakeupChannel;
  private readonly circuit: Circuit;
  private readonly logger: Logger;
  private readonly clock: () => Date;
  private readonly observer: OutboxObserver;
  private readonly retention: RetentionJob;
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private lastFailure: DispatcherStatus['lastFailure'] = null;

  constructor(private readonly options: DispatcherOptions) {
    const { config, publisher } = options;
    this.logger = options.logger.child({ component: 'dispatcher', destination: publisher.name });
    this.clock = options.clock ?? (() => new Date());
    this.observer = options.observer ?? silentObserver;
    this.wakeups = new WakeupChannel(config.wakeupCapacity, () => {
      this.observer.wakeupDropped();
    });
    this.circuit = new Circuit({
      threshold: config.breakerThreshold,
      halfOpenAfterMs: config.breakerHalfOpenAfterMs,
      destination: publisher.name,
      logger: this.logger,
    });
    this.retention = new RetentionJob(options.db, config.retentionHours, this.logger, this.clock);
  }

  /** Wakes the loop now instead of at the next poll; called after every commit with events. */
  nudge(): void {
    this.wakeups.signal();
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.logger.info({ owner: this.owner, batchSize: this.options.config.batchSize }, 'dispatcher started');
    this.loop = this.run(this.abort.signal);
  }

  /** Stops claiming, lets the current cycle finish until the deadline, then releases leases. */
  async stop(deadlineMs = 10_000): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => {
        resolve('late');
      }, deadlineMs);
    });
    const finished = await Promise.race([loop.then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    this.loop = undefined;
    const released = await releaseLeases(this.options.db, this.owner).catch(() => 0);
    this.logger.info({ inFlightAtDeadline: finished === 'late', released }, 'dispatcher stopped');
  }

  status(): DispatcherStatus {
    return {
      destination: this.options.publisher.name,
      circuit: this.circuit.name(),
      running: this.loop !== undefined,
      lastFailure: this.lastFailure,
    };
  }

  private async run(abort: AbortSignal): Promise<void> {
    const { pollIntervalMs, batchSize } = this.options.config;
    while (!abort.aborted) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
        await this.retention.runIfDue();
      } catch (error) {
        this.logger.error({ err: error }, 'dispatch cycle failed; retrying after the poll interval');
      }
      // A full batch means more may be due: go again at once. Otherwise sleep until woken.
      if (claimed < batchSize) await this.wakeups.wait(pollIntervalMs, abort);
    }
  }

  /** One cycle: claim, publish, write back. Returns how many rows were claimed. */
  async runOnce(): Promise<number> {
    if (this.circuit.isResting()) return 0;
    const { db, config, publisher } = this.options;
    const rows = await claimDue(db, { owner: this.owner, now: this.clock(), leaseMs: config.leaseMs, limit: config.batchSize });
    if (rows.length === 0) return 0;
    const messages = rows.map(toOutboxMessage);
    for (const m of messages) this.logger.debug(messageFields(m), 'message claimed');
    const batches = publisher.planBatches(messages);
    const outcomes = (await mapLimit(batches, config.concurrency, (batch) => this.publishGuarded(batch))).flat();
    await this.settle(messages, outcomes);
    return rows.length;
  }

  private async publishGuarded(batch: readonly OutboxMessage[]): Promise<PublishOutcome[]> {
    const started = performance.now();
    try {
      const outcomes = await this.circuit.policy.execute(() => this.options.publisher.publishBatch(batch));
      this.observer.request((performance.now() - started) / 1000, true);
      this.lastFailure = null;
      return outcomes;
    } catch (error) {
      const failure: PublishFailure =
        error instanceof PublishError
          ? error.failure
          : error instanceof BrokenCircuitError
            ? { kind: 'configuration', code: 'CircuitOpen', message: 'not attempted: the circuit is open' }
            : { kind: 'transient', code: 'UnexpectedError', message: error instanceof Error ? error.message : String(error) };
      if (failure.code !== 'CircuitOpen') {
        this.observer.request((performance.now() - started) / 1000, false);
        this.lastFailure = { ...failure, at: this.clock().toISOString() };
        this.logger.warn({ kind: failure.kind, code: failure.code, error: failure.message, count: batch.length }, 'publish request failed');
      }
      return batch.map((m) => ({ id: m.id, ok: false, failure }));
    }
  }

  private async settle(messages: readonly OutboxMessage[], outcomes: readonly PublishOutcome[]): Promise<void> {
    const { db, config } = this.options;
    const now = this.clock();
    const plan = planSettlement(messages, outcomes, now, {
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxRetries: config.maxRetries,
    });
    await markPublished(db, this.owner, plan.published, now);
    await markFailed(db, this.owner, plan.failed);
    for (const error of new Set(plan.held.map((h) => h.error))) {
      await releaseLeases(db, this.owner, plan.held.filter((h) => h.error === error).map((h) => h.id), error);
    }
    this.report(messages, plan, now);
  }

  /** One log line and the metrics for each message's outcome. */
  private report(messages: readonly OutboxMessage[], plan: SettlePlan, now: Date): void {
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const p of plan.published) {
      const m = byId.get(p.id);
      if (!m) continue;
      const lagMs = now.getTime() - Date.parse(m.createdAt);
      this.observer.published(m, lagMs / 1000);
      this.logger.info({ ...messageFields(m), snsMessageId: p.messageId, lagMs }, 'message published');
    }
    for (const f of plan.failed) {
      const fields = { ...messageFields(f.message), attempts: f.attempts, error: f.error };
      this.observer.failed(f.message, f.code);
      if (f.nextAttemptAt) {
        this.logger.warn({ ...fields, nextAttemptAt: f.nextAttemptAt.toISOString() }, 'message failed; will retry');
      } else {
        this.observer.deadLettered(f.message, f.code);
        this.logger.error(fields, 'message dead-lettered');
      }
    }
    for (const h of plan.held) {
      const m = byId.get(h.id);
      if (!m || h.code === 'CircuitOpen') continue;
      this.observer.failed(m, h.code);
      this.logger.warn({ ...messageFields(m), error: h.error }, 'message held: the destination rejects every message; no attempt spent');
    }
  }
}

function messageFields(m: OutboxMessage): Record<string, unknown> {
  return { eventId: m.id, eventType: m.eventType, aggregateId: m.aggregateId, correlationId: m.correlationId, attempt: m.attempts + 1 };
}
