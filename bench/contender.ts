import { created, runLoad, type LoadOptions, type LoadRun } from './load.js';
import { runPacedLoad, type PacedLoadOptions } from './paced-load.js';
import { readCpuSeconds } from './proc-cpu.js';
import type { Stack } from './stack.js';
import { sleep } from './timing.js';

/**
 * A load run and the CPU time used meanwhile, until the dispatcher had published what the run
 * wrote: by the server (dispatcher included) and by the fake AWS (the part a real SNS would bear).
 */
export interface MeasuredRun extends LoadRun {
  readonly serverCpuSeconds: number | null;
  /** The server's main thread alone: the event loop that answers HTTP. */
  readonly serverMainThreadCpuSeconds: number | null;
  readonly fakeCpuSeconds: number | null;
}

/** CPU milliseconds per answered request over some runs (null without /proc). */
export function cpuMsPerRequest(
  runs: readonly MeasuredRun[],
  of: 'serverCpuSeconds' | 'serverMainThreadCpuSeconds' | 'fakeCpuSeconds',
): number | null {
  const requests = runs.reduce((sum, run) => sum + run.latencies.length, 0);
  let cpu = 0;
  for (const run of runs) {
    const seconds = run[of];
    if (seconds === null) return null;
    cpu += seconds;
  }
  return requests > 0 ? (cpu * 1_000) / requests : null;
}

function cpuSince(pid: number, before: number | undefined, mainThreadOnly = false): number | null {
  const after = readCpuSeconds(pid, mainThreadOnly);
  return before === undefined || after === undefined ? null : after - before;
}

/** A server under test: its load runs, and how many of its requests wrote an event. */
export class Contender {
  readonly measured: MeasuredRun[] = [];
  private events = 0;

  /** `deliversInBackground`: its dispatcher publishes to a healthy fake after each run (outbox-healthy). */
  constructor(
    readonly stack: Stack,
    private readonly deliversInBackground: boolean,
  ) {}

  /** One load run, then the wait for its events to be published; `measured` runs count in the figures, warm-ups do not. */
  async run(options: Omit<LoadOptions, 'url'>, measured: boolean): Promise<MeasuredRun> {
    const run = await this.measure(() => runLoad({ ...options, url: this.stack.server.url }));
    if (measured) this.measured.push(run);
    return run;
  }

  /** An evenly paced run (paced-load.ts), then the wait for its events to be published. */
  runPaced(options: Omit<PacedLoadOptions, 'url'>): Promise<MeasuredRun> {
    return this.measure(() => runPacedLoad({ ...options, url: this.stack.server.url }));
  }

  private async measure(load: () => Promise<LoadRun>): Promise<MeasuredRun> {
    const { server, fake } = this.stack;
    const serverBefore = readCpuSeconds(server.pid);
    const mainThreadBefore = readCpuSeconds(server.pid, true);
    const fakeBefore = readCpuSeconds(fake.pid);
    const run = await load();
    this.events += created([run]);
    await this.settle();
    return {
      ...run,
      serverCpuSeconds: cpuSince(server.pid, serverBefore),
      serverMainThreadCpuSeconds: cpuSince(server.pid, mainThreadBefore, true),
      fakeCpuSeconds: cpuSince(fake.pid, fakeBefore),
    };
  }

  /**
   * Waits until the dispatcher has published every event so far, so its catching up does not
   * run during the next measurement of another server. Gives up (false) after `timeoutMs`.
   */
  async settle(timeoutMs = 20_000): Promise<boolean> {
    if (!this.deliversInBackground) return true;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.stack.fake.stats()).count >= this.events) return true;
      await sleep(25);
    }
    return false;
  }
}
