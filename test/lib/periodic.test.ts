import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Periodic } from '../../src/lib/periodic.js';

describe('Periodic', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the task every interval, once per interval however often it was started, and no more after stop', async () => {
    const task = vi.fn(() => Promise.resolve());
    const periodic = new Periodic(1_000, task);
    periodic.start();
    periodic.start();
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(task).toHaveBeenCalledTimes(3);
    periodic.stop();
    periodic.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('also runs at once when asked, and can be started again after a stop', async () => {
    const task = vi.fn(() => Promise.resolve());
    const periodic = new Periodic(1_000, task);
    periodic.start(true);
    expect(task).toHaveBeenCalledTimes(1);
    periodic.stop();
    periodic.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(2);
    periodic.stop();
  });
});
