/** Recorded SNS messages plus waiters for `waitForMessages`. */
import type { RecordedMessage } from './types.js';

interface Waiter {
  count: number;
  resolve: (messages: RecordedMessage[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class MessageRecorder {
  private messages: RecordedMessage[] = [];
  private waiters = new Set<Waiter>();

  constructor(private readonly onMessage?: (message: RecordedMessage) => void) {}

  list(): RecordedMessage[] {
    return [...this.messages];
  }

  record(message: RecordedMessage): void {
    this.messages.push(message);
    this.onMessage?.(message);
    for (const waiter of this.waiters) {
      if (this.messages.length >= waiter.count) this.settle(waiter).resolve(this.list());
    }
  }

  clear(): void {
    this.messages = [];
  }

  waitFor(count: number, timeoutMs: number): Promise<RecordedMessage[]> {
    if (this.messages.length >= count) return Promise.resolve(this.list());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.settle(waiter).reject(this.timeoutError(count, timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects pending waiters so tests fail fast instead of timing out after close(). */
  close(): void {
    for (const waiter of this.waiters) this.settle(waiter).reject(new Error('waitForMessages: fake-aws was closed'));
  }

  private settle(waiter: Waiter): Waiter {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    return waiter;
  }

  private timeoutError(count: number, timeoutMs: number): Error {
    const got = this.messages.length;
    const topics = [...new Set(this.messages.map((m) => m.topicArn))].join(', ') || 'none';
    return new Error(
      `waitForMessages: expected at least ${count} message(s) within ${timeoutMs} ms, ` +
        `but ${got} arrived (topics: ${topics})`,
    );
  }
}
