import fs from 'node:fs';

/** `/proc/<pid>/<file>` as text (Linux); undefined without /proc or once the process has gone. */
export function readProcFile(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
