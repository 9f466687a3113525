/**
 * Runs an async task every `intervalMs` on a timer that never keeps the process alive.
 * `start` and `stop` are safe to call twice; the task must handle its own errors.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
  ) {}

  /** `runNow`: also run once at once, not only after the first interval. */
  start(runNow = false): void {
    if (this.timer) return;
    if (runNow) void this.task();
    this.timer = setInterval(() => void this.task(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
