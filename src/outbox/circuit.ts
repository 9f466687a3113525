import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from '../lib/logger.js';
import { PublishError } from './publisher.js';

export type CircuitName = 'closed' | 'half-open' | 'open';

export function circuitName(state: CircuitState): CircuitName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}

export interface BreakerOptions {
  readonly threshold: number;
  readonly halfOpenAfterMs: number;
  readonly destination: string;
  readonly logger: Logger;
}

/**
 * Opens after `threshold` consecutive failed requests to one destination; while open nothing is
 * sent and no message spends an attempt. After `halfOpenAfterMs` one request probes. Failures
 * of a message itself (permanent) say nothing about the destination and do not count.
 */
export function createBreaker({ threshold, halfOpenAfterMs, destination, logger }: BreakerOptions): CircuitBreakerPolicy {
  const breaker = circuitBreaker(
    handleWhen((error) => !(error instanceof PublishError) || error.failure.kind !== 'permanent'),
    { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(threshold) },
  );
  breaker.onStateChange((state) => {
    const circuit = circuitName(state);
    const fields = { destination, circuit, halfOpenAfterMs };
    if (circuit === 'open') logger.warn(fields, 'circuit opened: publishing paused');
    else logger.info(fields, `circuit ${circuit}`);
  });
  return breaker;
}
