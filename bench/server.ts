import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exitOf, stopChild, trackChild } from './children.js';
import { ROOT } from './paths.js';
import { freePort } from './ports.js';
import { sleep } from './timing.js';

/**
 * How the server runs: `dist` is the built product (`node dist/main.js`, run `npm run build`
 * first), `tsx` is the product from source, `inline-await` the bench-only naive variant.
 */
export type ServerEntry = 'dist' | 'tsx' | 'inline-await';

const ENTRY_ARGS: Record<ServerEntry, readonly string[]> = {
  dist: ['dist/main.js'],
  tsx: ['--import', 'tsx', 'src/main.ts'],
  'inline-await': ['--import', 'tsx', 'bench/inline-await-server.ts'],
};

export interface StartServerOptions {
  readonly entry: ServerEntry;
  /** The whole environment of the child besides PATH, HOME, HOST and PORT. */
  readonly env: Record<string, string>;
  /** stdout and stderr of the child go here. */
  readonly logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  readonly startTimeoutMs?: number;
  /** SIGTERM and wait (a CPU profile is written only on a clean exit); otherwise SIGKILL at once. */
  readonly graceful?: boolean;
}

export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  readonly logFile: string;
  /** Ends the process (see `graceful`); safe to call twice. */
  stop(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<BenchServer> {
  const port = await freePort();
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'w');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...ENTRY_ARGS[options.entry]], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? ROOT, ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  trackChild(child);
  const pid = child.pid;
  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= stopChild(child, options.graceful ? 5_000 : 0));
  try {
    if (pid === undefined) throw new Error('the server process could not be spawned');
    await waitForLive(url, exitOf(child), options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const tail = fs.readFileSync(options.logFile, 'utf8').slice(-2_000);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${options.logFile} (end) ---\n${tail}`, { cause: error });
  }
  return { url, pid, logFile: options.logFile, stop };
}

/** Polls /health/live until it answers 200; fails if the process exits first or time runs out. */
async function waitForLive(url: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  const state = { gone: false };
  void exited.then(() => (state.gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (state.gone) throw new Error('the server exited before it was ready');
    try {
      const response = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms`);
}
