import { listeningUrl, runMain, type MainProcess } from './main-process.js';

export interface ServerProcess {
  readonly child: MainProcess['child'];
  readonly url: string;
  /** Everything the process wrote to stdout (JSON log lines) so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: MainProcess['exited'];
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the real server (src/main.ts through tsx) on a free 127.0.0.1 port with `env` and the
 * test defaults, and resolves once it listens.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const main = runMain({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env });
  const url = await listeningUrl(main, timeoutMs).catch(async (error: unknown) => {
    await main.stop();
    throw error;
  });
  return {
    child: main.child,
    url,
    output: () => main.stdout(),
    exited: main.exited,
    kill: (signal = 'SIGKILL') => {
      if (main.child.exitCode === null && main.child.signalCode === null) main.child.kill(signal);
    },
  };
}
