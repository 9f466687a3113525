import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WakeupChannel } from '../../../src/outbox/wakeup-channel.js';

/** Starts a wait and reports whether it has resolved yet. */
function track(promise: Promise<unknown>): { readonly settled: () => boolean; readonly promise: Promise<void> } {
  let settled = false;
  const tracked = promise.then(() => {
    settled = true;
  });
  return { settled: () => settled, promise: tracked };
}

describe('WakeupChannel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a signal wakes a waiting wait at once', async () => {
    const channel = new WakeupChannel(10);
    const waiting = track(channel.wait(10_000, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled()).toBe(false);

    expect(channel.signal()).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await waiting.promise;
  });

  it('resolves after the timeout when nothing signals', async () => {
    const channel = new WakeupChannel(10);
    const waiting = track(channel.wait(1_000, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(999);
    expect(waiting.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.settled()).toBe(true);
    await waiting.promise;
  });

  it('resolves on abort and clears its timer', async () => {
    const channel = new WakeupChannel(10);
    const controller = new AbortController();
    const waiting = track(channel.wait(10_000, controller.signal));
    await vi.advanceTimersByTimeAsync(5);
    expect(waiting.settled()).toBe(false);

    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await waiting.promise;
  });

  it('returns at once when already aborted', async () => {
    const channel = new WakeupChannel(10);
    const waiting = track(channel.wait(10_000, AbortSignal.abort()));
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await waiting.promise;
  });

  it('with capacity 2 drops the third signal before a wait and counts it', async () => {
    const channel = new WakeupChannel(2);
    expect(channel.signal()).toBe(true);
    expect(channel.signal()).toBe(true);
    expect(channel.signal()).toBe(false);
    expect(channel.dropped).toBe(1);

    await channel.wait(10_000, new AbortController().signal); // queued signals: returns at once
    expect(channel.signal()).toBe(true);
    expect(channel.dropped).toBe(1);
  });

  it('signal never throws, whatever the backlog', () => {
    const channel = new WakeupChannel(1);
    const results: boolean[] = [];
    expect(() => {
      for (let i = 0; i < 1_000; i++) results.push(channel.signal());
    }).not.toThrow();
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(channel.dropped).toBe(999);
  });

  it('a wait takes every queued signal: the next wait blocks until its timeout', async () => {
    const channel = new WakeupChannel(10);
    channel.signal();
    channel.signal();
    channel.signal();

    const first = track(channel.wait(1_000, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.settled()).toBe(true);

    const second = track(channel.wait(1_000, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(999);
    expect(second.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.settled()).toBe(true);
    await Promise.all([first.promise, second.promise]);
  });

  it('the signal that woke a wait is consumed', async () => {
    const channel = new WakeupChannel(10);
    const first = track(channel.wait(1_000, new AbortController().signal));
    channel.signal();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.settled()).toBe(true);

    const second = track(channel.wait(1_000, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(500);
    expect(second.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(second.settled()).toBe(true);
    await Promise.all([first.promise, second.promise]);
  });
});

describe('WakeupChannel.wait result', () => {
  it('is true when a signal woke it and false after a timeout or an abort', async () => {
    const channel = new WakeupChannel(10);
    channel.signal();
    expect(await channel.wait(1_000, new AbortController().signal)).toBe(true);
    expect(await channel.wait(5, new AbortController().signal)).toBe(false);
    expect(await channel.wait(1_000, AbortSignal.abort())).toBe(false);
  });
});
