export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetries: number;
}

/**
 * Delay before retry number `retry` (1-based): base, 2x base, 4x base... capped. With the
 * defaults: 1 s, 2 s, 4 s, then the message is dead-lettered.
 */
export function retryDelayMs(retry: number, policy: RetryPolicy): number {
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}

/** After `failures` failed attempts: the time of the next one, or null when retries are exhausted. */
export function nextAttemptAt(failures: number, now: Date, policy: RetryPolicy): Date | null {
  if (failures > policy.maxRetries) return null;
  return new Date(now.getTime() + retryDelayMs(failures, policy));
}
