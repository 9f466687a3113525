import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface MainProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written to stdout so far (other lines are skipped). */
  logLines(): Record<string, unknown>[];
  /** Resolves once stdout matches, rejects when the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs (for afterEach). */
  stop(): Promise<void>;
}

/**
 * Runs `node --import tsx src/main.ts` with exactly `env` (plus PATH and HOME): no variable of the
 * test process leaks in, so a test sees what an operator with only these variables would see.
 */
export function runMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  function waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(stdout);
        if (!match) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const onData = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout.off('data', onData);
      };
      if (check()) return;
      child.stdout.on('data', onData);
      void exited.then(({ code, signal }) => {
        // Let the last chunks of stdout arrive before deciding.
        setImmediate(() => {
          if (check()) return;
          cleanup();
          reject(new Error(`exited (${String(code ?? signal)}) before ${String(pattern)}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        });
      });
    });
  }

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    waitForOutput,
    exited,
    stop: async () => {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Starts the server and resolves with its base URL once it listens on 127.0.0.1. */
export async function listeningUrl(main: MainProcess, timeoutMs?: number): Promise<string> {
  const match = await main.waitForOutput(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs);
  return match[1] ?? '';
}
