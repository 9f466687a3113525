import type { Config } from '../config.js';
import type { DispatcherStatus } from './dispatcher.js';
import type { ObservedMessage, OutboxObserver } from './observer.js';

/** What the dispatcher thread starts with (structured-cloned: plain data only). */
export interface DispatcherThreadData {
  readonly config: Config;
  /** The lease owner, chosen by the main thread so both name the same dispatcher. */
  readonly owner: string;
}

export type ToDispatcherThread = { readonly type: 'nudge' } | { readonly type: 'stop'; readonly deadlineMs: number };

/** One OutboxObserver call, as data. */
export type Observation =
  | { readonly kind: 'published'; readonly eventType: string; readonly lagSeconds: number }
  | { readonly kind: 'failed'; readonly eventType: string; readonly reason: string }
  | { readonly kind: 'deadLettered'; readonly eventType: string; readonly reason: string }
  | { readonly kind: 'request'; readonly seconds: number; readonly ok: boolean }
  | { readonly kind: 'wakeupDropped' };

/** The thread's status after the observations it carries (which may be none). */
export interface DispatcherThreadReport {
  readonly status: DispatcherStatus;
  readonly observations: readonly Observation[];
}

/**
 * The worker side of the observer: collects the calls of one turn of the event loop and hands
 * them over together (a cycle reports dozens; one message each would cost more than the metric).
 */
export class BatchingObserver implements OutboxObserver {
  private batch: Observation[] = [];
  private scheduled = false;

  constructor(private readonly flush: (observations: readonly Observation[]) => void) {}

  published(message: ObservedMessage, lagSeconds: number): void {
    this.add({ kind: 'published', eventType: message.eventType, lagSeconds });
  }

  failed(message: ObservedMessage, reason: string): void {
    this.add({ kind: 'failed', eventType: message.eventType, reason });
  }

  deadLettered(message: ObservedMessage, reason: string): void {
    this.add({ kind: 'deadLettered', eventType: message.eventType, reason });
  }

  request(seconds: number, ok: boolean): void {
    this.add({ kind: 'request', seconds, ok });
  }

  wakeupDropped(): void {
    this.add({ kind: 'wakeupDropped' });
  }

  private add(observation: Observation): void {
    this.batch.push(observation);
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: by then the dispatcher has also updated its status.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.batch;
      this.batch = [];
      this.flush(batch);
    });
  }
}

/** The main side: the same call on the real observer (the metrics). */
export function replay(observation: Observation, observer: OutboxObserver): void {
  switch (observation.kind) {
    case 'published':
      observer.published(observation, observation.lagSeconds);
      return;
    case 'failed':
      observer.failed(observation, observation.reason);
      return;
    case 'deadLettered':
      observer.deadLettered(observation, observation.reason);
      return;
    case 'request':
      observer.request(observation.seconds, observation.ok);
      return;
    case 'wakeupDropped':
      observer.wakeupDropped();
  }
}
