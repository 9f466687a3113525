import type http from 'node:http';
import { somePerson } from '../../helpers/test-app.js';
import { keepAliveAgent, send, type HttpOutcome } from './http.js';
import { sleep } from './instances.js';

/** One request of a load run. */
export interface LoadRecord {
  /** ms since the load started, when the request was sent. */
  readonly sentAt: number;
  readonly ms: number;
  readonly target: string;
  readonly outcome: HttpOutcome;
  /** The created person's id, for a 201. */
  readonly id?: string;
}

export interface LoadOptions {
  /** Base URLs that take requests now, used round-robin; empty while every instance is down. */
  readonly targets: () => readonly string[];
  readonly concurrency: number;
  /** Pause of each worker between two requests (pacing), ms. */
  readonly pauseMs?: number;
  readonly maxRequests: number;
  readonly maxDurationMs: number;
  readonly timeoutMs?: number;
  readonly body?: () => Record<string, unknown>;
}

export interface LoadReport {
  readonly records: readonly LoadRecord[];
  /** People whose POST was answered 201. */
  readonly accepted: readonly string[];
  /** Count per status code, or per error code for requests that got no response. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly maxLatencyMs: number;
}

/**
 * A steady POST /people load, bounded in count and time: `concurrency` workers, each sending
 * one request at a time to the next target. Connection errors back off briefly so a dead
 * instance is not hammered.
 */
export class CreateLoad {
  readonly records: LoadRecord[] = [];
  private readonly agent: http.Agent;
  private stopped = false;
  private sent = 0;
  private next = 0;
  private readonly started = performance.now();
  private readonly workers: Promise<void>[];

  constructor(private readonly options: LoadOptions) {
    this.agent = keepAliveAgent(options.concurrency);
    this.workers = Array.from({ length: options.concurrency }, () => this.work());
  }

  /** ms since the load started. */
  now(): number {
    return Math.round(performance.now() - this.started);
  }

  get accepted(): string[] {
    return this.records.flatMap((r) => (r.id === undefined ? [] : [r.id]));
  }

  /** Stops sending; resolves once every request in flight has ended. */
  async stop(): Promise<LoadReport> {
    this.stopped = true;
    await Promise.all(this.workers);
    this.agent.destroy();
    return this.report();
  }

  /** Resolves when the load ends by itself (count or duration reached). */
  async done(): Promise<LoadReport> {
    await Promise.all(this.workers);
    this.agent.destroy();
    return this.report();
  }

  report(): LoadReport {
    const outcomes: Record<string, number> = {};
    for (const { outcome } of this.records) {
      const key = outcome.kind === 'response' ? String(outcome.status) : outcome.code;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    return {
      records: [...this.records],
      accepted: this.accepted,
      outcomes,
      maxLatencyMs: this.records.reduce((max, r) => Math.max(max, r.ms), 0),
    };
  }

  private finished(): boolean {
    return this.stopped || this.sent >= this.options.maxRequests || this.now() >= this.options.maxDurationMs;
  }

  private async work(): Promise<void> {
    const { timeoutMs = 20_000, pauseMs = 0, body = somePerson } = this.options;
    while (!this.finished()) {
      const targets = this.options.targets();
      const target = targets[this.next++ % Math.max(1, targets.length)];
      if (target === undefined) {
        await sleep(20);
        continue;
      }
      this.sent += 1;
      const sentAt = this.now();
      const outcome = await send({
        method: 'POST',
        url: `${target}/people`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body()),
        timeoutMs,
        agent: this.agent,
      });
      const id = outcome.kind === 'response' && outcome.status === 201 ? (JSON.parse(outcome.body) as { id: string }).id : undefined;
      this.records.push({ sentAt, ms: outcome.ms, target, outcome, ...(id === undefined ? {} : { id }) });
      if (outcome.kind === 'error') await sleep(20);
      else if (pauseMs > 0) await sleep(pauseMs);
    }
  }
}

/** "201 x120, 503 x4, ECONNREFUSED x9" */
export function describeOutcomes(outcomes: Readonly<Record<string, number>>): string {
  return Object.entries(outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} x${count}`)
    .join(', ');
}
