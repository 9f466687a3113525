import { readProcFile } from './proc-file.js';

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used so far, seconds; with `mainThreadOnly`, only its
 * main thread's (Node's event loop: the HTTP server). Undefined without /proc or once it has gone.
 */
export function readCpuSeconds(pid: number, mainThreadOnly = false): number | undefined {
  const stat = readProcFile(pid, mainThreadOnly ? `task/${pid}/stat` : 'stat');
  if (stat === undefined) return undefined;
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? (user + system) / TICKS_PER_SECOND : undefined;
}
