import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from '../lib/logger.js';
import { PublishError } from './publisher.js';

export type CircuitName = 'closed' | 'half-open' | 'open';

export interface BreakerOptions {
  readonly threshold: number;
  readonly halfOpenAfterMs: number;
  readonly destination: string;
  readonly logger: Logger;
}

/**
 * The cockatiel breaker of one destination. It opens after `threshold` consecutive failed
 * requests; while open nothing is sent and no message spends an attempt. After
 * `halfOpenAfterMs` one request probes. Failures of a message itself (permanent) say nothing
 * about the destination and do not count.
 */
export class Circuit {
  readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(private readonly options: BreakerOptions) {
    this.policy = circuitBreaker(
      handleWhen((error) => !(error instanceof PublishError) || error.failure.kind !== 'permanent'),
      { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.threshold) },
    );
    this.policy.onStateChange((state) => {
      // Date.now, not an injected clock: cockatiel times the half-open delay with Date.now.
      if (state === CircuitState.Open) this.openedAt = Date.now();
      this.logChange(this.name());
    });
  }

  name(): CircuitName {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return 'closed';
    if (state === CircuitState.HalfOpen) return 'half-open';
    return 'open';
  }

  /**
   * True while open and not yet due for a probe. Cockatiel moves to half-open only when a call
   * is made, so the dispatcher asks this instead of the state before it claims rows.
   */
  isResting(): boolean {
    return this.name() === 'open' && Date.now() < this.openedAt + this.options.halfOpenAfterMs;
  }

  private logChange(circuit: CircuitName): void {
    const { destination, halfOpenAfterMs, logger } = this.options;
    const fields = { destination, circuit, halfOpenAfterMs };
    if (circuit === 'open') logger.warn(fields, 'circuit opened: publishing paused');
    else logger.info(fields, `circuit ${circuit}`);
  }
}
