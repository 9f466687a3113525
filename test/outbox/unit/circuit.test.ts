import { BrokenCircuitError } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/lib/logger.js';
import { Circuit } from '../../../src/outbox/circuit.js';
import { PublishError, type FailureKind } from '../../../src/outbox/publisher.js';

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly destination?: string;
  readonly circuit?: string;
  readonly halfOpenAfterMs?: number;
}

function setup(): { circuit: Circuit; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger('info', {
    write(line: string) {
      lines.push(JSON.parse(line) as LogLine);
    },
  });
  // Fake timers drive Date.now, which both cockatiel and the circuit read.
  const circuit = new Circuit({ threshold: 3, halfOpenAfterMs: 100, destination: 'sns', logger });
  return { circuit, lines };
}

function failing(kind: FailureKind, code = 'Throttling'): () => Promise<never> {
  return () => Promise.reject(new PublishError({ kind, code, message: 'no' }));
}

const succeed = (): Promise<string> => Promise.resolve('sent');

async function failTimes(circuit: Circuit, times: number, kind: FailureKind = 'transient'): Promise<void> {
  for (let i = 0; i < times; i++) {
    await expect(circuit.policy.execute(failing(kind))).rejects.toBeInstanceOf(PublishError);
  }
}

describe('Circuit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2024-05-01T12:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts closed and not resting', () => {
    const { circuit, lines } = setup();
    expect(circuit.name()).toBe('closed');
    expect(circuit.isResting()).toBe(false);
    expect(lines).toEqual([]);
  });

  it('stays closed after 2 transient failures and opens at the 3rd', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 2);
    expect(circuit.name()).toBe('closed');
    await failTimes(circuit, 1);
    expect(circuit.name()).toBe('open');
    expect(circuit.isResting()).toBe(true);
  });

  it('while open, execute throws BrokenCircuitError without calling the function', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 3);
    const fn = vi.fn(succeed);
    await expect(circuit.policy.execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
    vi.advanceTimersByTime(99);
    await expect(circuit.policy.execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fn).not.toHaveBeenCalled();
    expect(circuit.name()).toBe('open');
  });

  it('counts only consecutive failures: a success in between resets the count', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 2);
    await expect(circuit.policy.execute(succeed)).resolves.toBe('sent');
    await failTimes(circuit, 2);
    expect(circuit.name()).toBe('closed');
  });

  it('does not count permanent PublishErrors, and rethrows them', async () => {
    const { circuit } = setup();
    const error = new PublishError({ kind: 'permanent', code: 'InvalidParameter', message: 'bad' });
    for (let i = 0; i < 5; i++) await expect(circuit.policy.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(circuit.name()).toBe('closed');

    await failTimes(circuit, 2);
    await failTimes(circuit, 1, 'permanent');
    expect(circuit.name()).toBe('closed');
    await failTimes(circuit, 1);
    expect(circuit.name()).toBe('open');
  });

  it('counts configuration failures and errors that are not PublishErrors', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 2, 'configuration');
    await expect(circuit.policy.execute(() => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    expect(circuit.name()).toBe('open');
  });

  it('rests for halfOpenAfterMs after opening, then is due for a probe', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 3);
    vi.advanceTimersByTime(99);
    expect(circuit.isResting()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(circuit.isResting()).toBe(false);
    // cockatiel moves to half-open only on a call
    expect(circuit.name()).toBe('open');
  });

  it('after halfOpenAfterMs a successful probe closes the circuit', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 3);
    vi.advanceTimersByTime(100);
    const fn = vi.fn(succeed);
    await expect(circuit.policy.execute(fn)).resolves.toBe('sent');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(circuit.name()).toBe('closed');
    expect(circuit.isResting()).toBe(false);
    // Closed again: needs 3 new failures to open.
    await failTimes(circuit, 2);
    expect(circuit.name()).toBe('closed');
  });

  it('a failed probe reopens the circuit for another halfOpenAfterMs', async () => {
    const { circuit } = setup();
    await failTimes(circuit, 3);
    vi.advanceTimersByTime(100);
    await failTimes(circuit, 1);
    expect(circuit.name()).toBe('open');
    expect(circuit.isResting()).toBe(true);

    const fn = vi.fn(succeed);
    vi.advanceTimersByTime(99);
    expect(circuit.isResting()).toBe(true);
    await expect(circuit.policy.execute(fn)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(circuit.isResting()).toBe(false);
    await expect(circuit.policy.execute(fn)).resolves.toBe('sent');
    expect(circuit.name()).toBe('closed');
  });

  it('logs every state change with destination and circuit', async () => {
    const { circuit, lines } = setup();
    await failTimes(circuit, 2);
    expect(lines).toEqual([]);

    await failTimes(circuit, 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'circuit opened: publishing paused',
      destination: 'sns',
      circuit: 'open',
      halfOpenAfterMs: 100,
    });

    vi.advanceTimersByTime(100);
    await failTimes(circuit, 1); // failed probe: half-open, then open again
    vi.advanceTimersByTime(100);
    await circuit.policy.execute(succeed); // successful probe: half-open, then closed

    expect(lines.map((l) => [l.level, l.msg, l.destination, l.circuit])).toEqual([
      ['warn', 'circuit opened: publishing paused', 'sns', 'open'],
      ['info', 'circuit half-open', 'sns', 'half-open'],
      ['warn', 'circuit opened: publishing paused', 'sns', 'open'],
      ['info', 'circuit half-open', 'sns', 'half-open'],
      ['info', 'circuit closed', 'sns', 'closed'],
    ]);
  });
});
