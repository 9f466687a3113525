import os from 'node:os';
import SQLite from 'better-sqlite3';
import { postgresVersion, postgresUrl } from './database.js';

export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly kernel: string;
  readonly arch: string;
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly sqlite: string;
  readonly postgres: string | null;
  /** 1, 5 and 15-minute load averages when the bench started. */
  readonly loadAverageAtStart: readonly number[];
}

export async function machineInfo(): Promise<MachineInfo> {
  const cpus = os.cpus();
  const memory = new SQLite(':memory:');
  const sqlite = memory.prepare<[], { version: string }>('select sqlite_version() as version').get()?.version ?? 'unknown';
  memory.close();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: os.platform(),
    kernel: os.release(),
    arch: os.arch(),
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1_073_741_824) * 10) / 10,
    sqlite,
    postgres: (await postgresVersion(postgresUrl())) ?? null,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function describeMachine(m: MachineInfo): string {
  return (
    `Node ${m.node} (V8 ${m.v8}), ${m.platform} ${m.kernel} ${m.arch}, ${m.cpuCount} x ${m.cpuModel}, ${m.memoryGiB} GiB; ` +
    `SQLite ${m.sqlite}, PostgreSQL ${m.postgres ?? 'unreachable'}; load average at start ${m.loadAverageAtStart.join(' / ')}`
  );
}
