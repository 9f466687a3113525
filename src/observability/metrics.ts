import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CircuitName } from '../outbox/circuit.js';
import type { OutboxObserver } from '../outbox/observer.js';
import type { OutboxStats } from '../outbox/outbox-stats.js';

const CIRCUIT_VALUE: Record<CircuitName, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Every Prometheus metric of the service, on a registry of its own (tests build several apps in
 * one process). Documented in docs/metrics.md.
 */
export class Metrics implements OutboxObserver {
  readonly registry = new Registry();

  private readonly pending = this.gauge('outbox_pending_messages', 'Messages waiting to be published');
  private readonly oldestAge = this.gauge('outbox_oldest_pending_age_seconds', 'Age of the oldest pending message');
  private readonly deadLetters = this.gauge('outbox_dead_letters', 'Messages set aside as dead letters');
  private circuitSource: () => CircuitName = () => 'closed';
  // Read at scrape time: it is in memory, and a gauge refreshed on a timer could miss a short open.
  private readonly circuit = new Gauge({
    name: 'outbox_circuit_state',
    help: 'Circuit breaker of the destination: 0 closed, 1 half-open, 2 open',
    registers: [this.registry],
    collect: () => {
      this.circuit.set(CIRCUIT_VALUE[this.circuitSource()]);
    },
  });
  private readonly publishedTotal = this.counter('outbox_published_total', 'Messages published', ['event_type']);
  private readonly failuresTotal = this.counter('outbox_publish_failures_total', 'Failed publish attempts per message', ['event_type', 'reason']);
  private readonly deadLetteredTotal = this.counter('outbox_dead_lettered_total', 'Messages dead-lettered', ['event_type', 'reason']);
  private readonly redrivenTotal = this.counter('outbox_redriven_total', 'Dead letters queued again by an operator');
  private readonly wakeupsDroppedTotal = this.counter('outbox_wakeups_dropped_total', 'Wake-up signals dropped because the channel was full');
  private readonly publishDuration = new Histogram({
    name: 'sns_publish_duration_seconds',
    help: 'Duration of one publish request to the destination (PublishBatch)',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly deliveryLag = new Histogram({
    name: 'outbox_delivery_lag_seconds',
    help: 'From the commit of an event to its acknowledgement by the destination',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  published(message: { eventType: string }, lagSeconds: number): void {
    this.publishedTotal.inc({ event_type: message.eventType });
    this.deliveryLag.observe(lagSeconds);
  }

  failed(message: { eventType: string }, reason: string): void {
    this.failuresTotal.inc({ event_type: message.eventType, reason });
  }

  deadLettered(message: { eventType: string }, reason: string): void {
    this.deadLetteredTotal.inc({ event_type: message.eventType, reason });
  }

  request(seconds: number, ok: boolean): void {
    this.publishDuration.observe({ outcome: ok ? 'success' : 'failure' }, seconds);
  }

  wakeupDropped(): void {
    this.wakeupsDroppedTotal.inc();
  }

  redriven(count: number): void {
    this.redrivenTotal.inc(count);
  }

  setOutboxStats(stats: OutboxStats): void {
    this.pending.set(stats.pending);
    this.oldestAge.set(stats.oldestPendingAgeSeconds);
    this.deadLetters.set(stats.deadLetters);
  }

  watchCircuit(source: () => CircuitName): void {
    this.circuitSource = source;
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
