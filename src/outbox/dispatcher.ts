import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { BrokenCircuitError } from 'cockatiel';
import type { OutboxConfig } from '../config.js';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../lib/logger.js';
import { delay } from '../lib/delay.js';
import { mapLimit } from '../lib/map-limit.js';
import { Circuit, type CircuitName } from './circuit.js';
import { toOutboxMessage, type OutboxMessage } from './message.js';
import { silentObserver, type OutboxObserver } from './observer.js';
import { claimDue, markFailed, markPublished, releaseLeases } from './outbox-repository.js';
import { planSettlement } from './outcome-plan.js';
import { messageFields, reportOutcomes } from './outcome-report.js';
import { publishFailureOf, type PublishFailure, type PublishOutcome, type Publisher } from './publisher.js';
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
  /** When the last claim ran, and whether it filled a whole batch (then the next may run at once). */
  private lastClaim = { at: Number.NEGATIVE_INFINITY, full: false };

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
    const { pollIntervalMs, lingerMs } = this.options.config;
    let inHand: OutboxMessage[] = [];
    while (!abort.aborted) {
      try {
        inHand = await this.cycle(inHand, abort);
        await this.retention.runIfDue();
      } catch (error) {
        // Rows in hand stay leased to us and are taken again when the lease expires.
        inHand = [];
        this.logger.error({ err: error }, 'dispatch cycle failed; retrying after the poll interval');
      }
      if (inHand.length > 0) continue;
      // Nothing in hand: sleep until a commit wakes us (or the poll). After a wake-up, linger a
      // few milliseconds so a burst of commits is claimed and written back together: on a
      // busy SQLite or PostgreSQL the dispatcher's commits otherwise cost as much as the API's.
      const woken = await this.wakeups.wait(pollIntervalMs, abort);
      if (woken && lingerMs > 0) await delay(lingerMs, abort);
    }
  }

  /**
   * Publishes the rows in hand, then writes their outcomes and claims the next rows in one
   * transaction (one commit per cycle). Returns the rows claimed.
   */
  private async cycle(inHand: readonly OutboxMessage[], abort: AbortSignal): Promise<OutboxMessage[]> {
    const { db, config, publisher } = this.options;
    const batches = publisher.planBatches(inHand);
    const outcomes = (await mapLimit(batches, config.concurrency, (batch) => this.publishGuarded(batch))).flat();
    await this.paceClaims(abort);
    const now = this.clock();
    const plan = planSettlement(inHand, outcomes, now, {
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxRetries: config.maxRetries,
    });
    const claimed = await db.transaction().execute(async (trx) => {
      await markPublished(trx, this.owner, plan.published, now);
      await markFailed(trx, this.owner, plan.failed);
      for (const error of new Set(plan.held.map((h) => h.error))) {
        await releaseLeases(trx, this.owner, plan.held.filter((h) => h.error === error).map((h) => h.id), error);
      }
      if (this.circuit.isResting()) return [];
      return claimDue(trx, { owner: this.owner, now, leaseMs: config.leaseMs, limit: config.batchSize });
    });
    this.lastClaim = { at: performance.now(), full: claimed.length >= config.batchSize };
    reportOutcomes(this.logger, this.observer, inHand, plan, now);
    const next = claimed.map(toOutboxMessage);
    if (this.logger.isLevelEnabled('debug')) for (const m of next) this.logger.debug(messageFields(m), 'message claimed');
    return next;
  }

  /**
   * Under a steady flow of commits every claim finds rows, so cycles would run back to back,
   * each a PublishBatch and a commit for one or two messages: at 200 req/s that cost the API
   * process most of a core. Claims are spaced OUTBOX_LINGER_MS apart instead (publishing
   * overlaps the wait), unless the last one filled a batch: then the backlog is claimed at once.
   */
  private async paceClaims(abort: AbortSignal): Promise<void> {
    const wait = this.lastClaim.full ? 0 : this.lastClaim.at + this.options.config.lingerMs - performance.now();
    if (wait > 0) await delay(wait, abort);
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
        error instanceof BrokenCircuitError
          ? { kind: 'configuration', code: 'CircuitOpen', message: 'not attempted: the circuit is open' }
          : publishFailureOf(error);
      if (failure.code !== 'CircuitOpen') {
        this.observer.request((performance.now() - started) / 1000, false);
        this.lastFailure = { ...failure, at: this.clock().toISOString() };
        this.logger.warn({ kind: failure.kind, code: failure.code, error: failure.message, count: batch.length }, 'publish request failed');
      }
      // The request that opened the breaker, and a failed probe, say the destination is down:
      // the outage is not the messages' fault, so they are held without spending an attempt.
      // (Otherwise the oldest messages, probed again and again, die during a long outage.)
      const held = failure.kind === 'transient' && this.circuit.name() === 'open';
      return batch.map((m) => ({ id: m.id, ok: false, failure, held }));
    }
  }

}
