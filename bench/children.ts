import type { ChildProcess } from 'node:child_process';

/** Every child process the bench started and that has not exited yet. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
/** Set once the bench gives up (deadline): no new child may start. */
let refusal: string | undefined;

/** Registers a child so that it is killed if the bench exits or fails before stopping it. */
export function trackChild(child: ChildProcess): void {
  if (refusal !== undefined) {
    child.kill('SIGKILL');
    throw new Error(`bench: not starting another process: ${refusal}`);
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killAllChildren);
  }
}

/** SIGKILL to each child this process started (by its own handle, never by name). */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Whether the bench has given up and starts nothing more. */
export function refusing(): boolean {
  return refusal !== undefined;
}

/** Kills every child and refuses new ones, so whatever awaits them fails and cleans up. */
export function refuseNewChildren(reason: string): void {
  refusal = reason;
  killAllChildren();
}

/** For the CLI: Ctrl-C, SIGTERM or SIGHUP kill the children before the bench exits. */
export function killChildrenOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}: stopping every child process\n`);
      killAllChildren();
      process.exit(130);
    });
  }
}

/** Resolves once the child has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => { resolve(); }));
}

/** SIGTERM, then SIGKILL after `graceMs` (0: SIGKILL at once); resolves once the child is gone. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = exitOf(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
