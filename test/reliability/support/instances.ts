import fs from 'node:fs';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.js';

/** A running server child, plus what the scenarios need to know about it. */
export interface Instance {
  readonly server: ServerProcess;
  readonly url: string;
  readonly pid: number;
  /** The dispatcher's lease owner is `host:pid:random`: this matches this process's leases. */
  readonly ownerPattern: string;
  alive(): boolean;
  /** What the process wrote to stderr since it listened (a crash's stack trace lands here). */
  stderr(): string;
}

const everyChild = new Set<ServerProcess>();
// A worker that dies (or a test that times out without its afterEach) must not leave servers behind.
process.once('exit', () => {
  for (const server of everyChild) server.kill('SIGKILL');
});

/** Polls `check` every 25 ms until true; false after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The server children of one test: started with `start`, all killed (SIGKILL) by `killAll`
 * in afterEach, whatever the test did.
 */
export class Instances {
  private readonly started: ServerProcess[] = [];

  /**
   * Starts `node --import tsx src/main.ts` and resolves once it logged "people-api started": the
   * dispatcher runs and the SIGTERM handler is installed.
   */
  async start(env: Record<string, string>, timeoutMs = 30_000): Promise<Instance> {
    const server = await startServerProcess(env, timeoutMs);
    let stderr = '';
    server.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.started.push(server);
    everyChild.add(server);
    void server.exited.then(() => everyChild.delete(server));
    const up = await waitFor(() => server.output().includes('"msg":"people-api started"'), timeoutMs);
    if (!up) throw new Error(`server did not log "people-api started" within ${timeoutMs} ms\n${server.output()}`);
    const pid = server.child.pid;
    if (pid === undefined) throw new Error('server has no pid');
    return {
      server,
      url: server.url,
      pid,
      ownerPattern: `%:${pid}:%`,
      alive: () => server.child.exitCode === null && server.child.signalCode === null,
      stderr: () => stderr,
    };
  }

  /** SIGKILL and wait for the exit, so the next start sees the database as the dead process left it. */
  static async kill(instance: Instance): Promise<void> {
    instance.server.kill('SIGKILL');
    await instance.server.exited;
  }

  async killAll(): Promise<void> {
    const all = this.started.splice(0);
    for (const server of all) server.kill('SIGKILL');
    await Promise.all(all.map((server) => Promise.race([server.exited, sleep(5_000)])));
  }
}

/** Resident set size of a process, in MiB, from /proc/<pid>/status. */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}

/** The JSON log lines a server wrote to stdout. */
export function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
