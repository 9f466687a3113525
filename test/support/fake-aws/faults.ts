/** Runtime-switchable fault injection for SNS calls. */
import type { FaultController, FaultKind, FaultState } from './types.js';

export const DEFAULT_FAULTS: Readonly<FaultState> = Object.freeze({
  delayMs: 0,
  hang: false,
  status5xx: null,
  throttle: false,
  resetConnections: false,
  rejectMessage: null,
  topicNotFound: false,
  missingTopics: [],
  authorizationError: false,
  assumeRoleDenied: false,
  credentialLifetimeSeconds: null,
});

export class FaultSwitchboard implements FaultController {
  private state: FaultState;
  private readonly queue: { kind: FaultKind; remaining: number }[] = [];
  private held: (() => void)[] = [];

  constructor(initial: Partial<FaultState> = {}) {
    this.state = { ...DEFAULT_FAULTS, ...initial };
  }

  get current(): Readonly<FaultState> {
    return this.state;
  }

  get pendingFailures(): number {
    return this.queue.reduce((sum, item) => sum + item.remaining, 0);
  }

  set(patch: Partial<FaultState>): void {
    this.state = { ...this.state, ...patch };
    if (patch.hang === false) this.releaseHeld();
  }

  clear(): void {
    this.state = { ...DEFAULT_FAULTS };
    this.queue.length = 0;
    this.releaseHeld();
  }

  failNext(count: number, kind: FaultKind): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failNext count must be >= 1, got ${count}`);
    this.queue.push({ kind, remaining: count });
  }

  /** Consumes one queued failure, else derives the fault from the switches (null = healthy). */
  takeFault(): FaultKind | null {
    const head = this.queue[0];
    if (head) {
      head.remaining -= 1;
      if (head.remaining === 0) this.queue.shift();
      return head.kind;
    }
    return this.switchFault();
  }

  private switchFault(): FaultKind | null {
    const s = this.state;
    if (s.resetConnections) return 'reset';
    if (s.hang) return 'hang';
    if (s.status5xx === 500) return 'internalError';
    if (s.status5xx === 503) return 'serviceUnavailable';
    if (s.throttle === true || s.throttle === 'Throttling') return 'throttling';
    if (s.throttle === 'Throttled') return 'throttled';
    return null;
  }

  /** Resolves when hanging is switched off (set({hang:false}) or clear()); rejects on abort. */
  hold(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new Error('fake-aws closed'));
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.held.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const release of held) release();
  }
}

/** setTimeout that rejects when the server closes, so close() never waits for delays. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('fake-aws closed'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('fake-aws closed'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
