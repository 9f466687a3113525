import http from 'node:http';
import type { LoadRun } from './load.js';
import { personBodies } from './person-bodies.js';
import { sleep } from './timing.js';

export interface PacedLoadOptions {
  readonly url: string;
  /** Requests per second, sent at even intervals. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Keep-alive connections at most; a request waits for a free one (and that wait counts in its latency). */
  readonly connections: number;
  readonly timeoutSeconds?: number;
  readonly onResponse?: (status: number, body: string) => void;
}

/**
 * An open-loop, evenly paced POST /people load: request i is due at start + i / rate, whatever
 * happened to the earlier ones, and its latency is measured from that due time. (autocannon's
 * `overallRate` spends each connection's budget at the start of every second and then pauses,
 * which makes a "200 req/s" run a burst of twice that rate and then silence.)
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const nextBody = personBodies();
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(options.rate * options.durationSeconds);
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1_000) / options.rate;
    const wait = due - performance.now();
    // Behind schedule: still yield, so responses are read while the backlog of due requests goes out.
    await (wait > 1 ? sleep(wait) : new Promise((resolve) => setImmediate(resolve)));
    const request = send(options, agent, nextBody()).then(
      ({ status, body }) => {
        latencies.push(performance.now() - due);
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        options.onResponse?.(status, body);
      },
      (error: unknown) => {
        if (error instanceof Error && error.message === 'timeout') timeouts += 1;
        errors += 1;
      },
    );
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { latencies, statusCodes, errors, timeouts, seconds: (performance.now() - start) / 1_000 };
}

function send(options: PacedLoadOptions, agent: http.Agent, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${options.url}/people`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', reject);
      },
    );
    request.setTimeout((options.timeoutSeconds ?? 10) * 1_000, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}
