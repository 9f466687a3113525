/**
 * The in-memory channel of the seed's design, reduced to what it is for here: waking the
 * dispatcher right after a commit. The outbox row is the message, so a signal carries nothing,
 * and when `capacity` signals are already waiting a new one is dropped (the row is still found
 * by the next claim or the poll). `signal` never blocks and never throws.
 */
export class WakeupChannel {
  private queued = 0;
  private wake: (() => void) | undefined;
  dropped = 0;

  constructor(
    private readonly capacity: number,
    private readonly onDrop: () => void = () => undefined,
  ) {}

  signal(): boolean {
    if (this.queued >= this.capacity) {
      this.dropped += 1;
      this.onDrop();
      return false;
    }
    this.queued += 1;
    this.wake?.();
    return true;
  }

  /**
   * Resolves at the first signal (taking every queued one), after `timeoutMs`, or on abort;
   * true when a signal came.
   */
  async wait(timeoutMs: number, abort: AbortSignal): Promise<boolean> {
    if (this.queued === 0 && !abort.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          abort.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        abort.addEventListener('abort', done);
        this.wake = done;
      });
    }
    const signalled = this.queued > 0;
    this.queued = 0;
    return signalled;
  }
}
