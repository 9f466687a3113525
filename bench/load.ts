import autocannon from 'autocannon';
import { distribution, type Distribution } from './percentiles.js';
import { personBodies } from './person-bodies.js';
import { withTimeout } from './timing.js';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** Run for this long... */
  readonly durationSeconds?: number;
  /** ...or until this many requests have been answered. */
  readonly amount?: number;
  /** A request without an answer after this long counts as an error. */
  readonly timeoutSeconds?: number;
  /** Called with each response body as it arrives (costs a copy of every body: only for light runs). */
  readonly onResponse?: (status: number, body: string) => void;
}

/** The raw outcome of one load run. */
export interface LoadRun {
  /** Latency of every answered request, ms, measured by the client (sub-millisecond resolution). */
  readonly latencies: readonly number[];
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Connection errors and timeouts: requests that got no answer. */
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
}

export interface LoadFigures {
  /** Answered requests (any status). */
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: Distribution;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
}

/** Drives POST /people as fast as `connections` keep-alive connections allow (autocannon), unique bodies. */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const nextBody = personBodies();
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  let settle: { resolve: (result: autocannon.Result) => void; reject: (error: Error) => void } | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      timeout: timeoutSeconds,
      // The run ends at the first sample tick after the duration: tick often, or it rounds up to whole seconds.
      sampleInt: 100,
      ...(options.amount === undefined ? { duration: options.durationSeconds ?? 10 } : { amount: options.amount }),
      requests: [
        {
          method: 'POST',
          path: '/people',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: nextBody() }),
          ...(options.onResponse ? { onResponse: options.onResponse } : {}),
        },
      ],
    },
    (error: unknown, result) => {
      if (error) settle?.reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
      else settle?.resolve(result);
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const bound = ((options.durationSeconds ?? 0) + timeoutSeconds) * 1_000 + 30_000 + (options.amount ?? 0) * 50;
  const result = await withTimeout(finished, bound, 'the load run').catch((error: unknown) => {
    instance.stop();
    throw error;
  });
  return { latencies, statusCodes, errors: result.errors, timeouts: result.timeouts, seconds: result.duration };
}

/** One set of figures over several runs (e.g. the alternating segments of one server). */
export function summarize(runs: readonly LoadRun[]): LoadFigures {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) {
    for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  }
  const latencies = runs.flatMap((run) => run.latencies);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const ok = Object.entries(statusCodes).reduce((sum, [code, n]) => sum + (Number(code) >= 200 && Number(code) < 300 ? n : 0), 0);
  return {
    requests: latencies.length,
    seconds,
    requestsPerSecond: seconds > 0 ? latencies.length / seconds : 0,
    latencyMs: distribution(latencies),
    non2xx: latencies.length - ok,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
    statusCodes,
  };
}

/** Requests answered 201 (each wrote one outbox row when events are on). */
export function created(runs: readonly LoadRun[]): number {
  return runs.reduce((sum, run) => sum + (run.statusCodes['201'] ?? 0), 0);
}
