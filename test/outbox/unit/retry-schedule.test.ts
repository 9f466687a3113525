import { describe, expect, it } from 'vitest';
import { nextAttemptAt, retryDelayMs, type RetryPolicy } from '../../../src/outbox/retry-schedule.js';

const DEFAULTS: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 300_000, maxRetries: 3 };
const NOW = new Date('2024-05-01T12:00:00.000Z');

describe('retryDelayMs', () => {
  it('doubles from the base with the defaults: 1 s, 2 s, 4 s', () => {
    expect([1, 2, 3].map((retry) => retryDelayMs(retry, DEFAULTS))).toEqual([1_000, 2_000, 4_000]);
  });

  it('keeps doubling until it reaches maxDelayMs, then stays there', () => {
    const policy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 10_000, maxRetries: 100 };
    expect([1, 2, 3, 4, 5, 6, 50].map((retry) => retryDelayMs(retry, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });

  it('caps with the default maximum of 5 minutes', () => {
    // 1000 * 2^8 = 256 000 < 300 000; 1000 * 2^9 = 512 000 > 300 000
    expect(retryDelayMs(9, { ...DEFAULTS, maxRetries: 100 })).toBe(256_000);
    expect(retryDelayMs(10, { ...DEFAULTS, maxRetries: 100 })).toBe(300_000);
    expect(retryDelayMs(1_100, { ...DEFAULTS, maxRetries: 100 })).toBe(300_000);
  });
});

describe('nextAttemptAt', () => {
  it('schedules the retries 1 s, 2 s and 4 s after failures 1, 2 and 3', () => {
    expect(nextAttemptAt(1, NOW, DEFAULTS)?.toISOString()).toBe('2024-05-01T12:00:01.000Z');
    expect(nextAttemptAt(2, NOW, DEFAULTS)?.toISOString()).toBe('2024-05-01T12:00:02.000Z');
    expect(nextAttemptAt(3, NOW, DEFAULTS)?.toISOString()).toBe('2024-05-01T12:00:04.000Z');
  });

  it('returns null once the maxRetries retries have been spent (failure maxRetries + 1)', () => {
    expect(nextAttemptAt(4, NOW, DEFAULTS)).toBeNull();
    expect(nextAttemptAt(10, NOW, DEFAULTS)).toBeNull();
  });

  it('with maxRetries 0 the first failure is final', () => {
    expect(nextAttemptAt(1, NOW, { ...DEFAULTS, maxRetries: 0 })).toBeNull();
  });

  it('applies the cap to the scheduled time', () => {
    const policy: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 3_000, maxRetries: 5 };
    expect(nextAttemptAt(5, NOW, policy)?.getTime()).toBe(NOW.getTime() + 3_000);
  });

  it('does not modify the given now', () => {
    nextAttemptAt(1, NOW, DEFAULTS);
    expect(NOW.toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });
});
