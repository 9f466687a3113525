import os from 'node:os';
import path from 'node:path';
import type { Dialect } from './database.js';
import type { StackOptions } from './stack.js';

/** What every measurement needs to start its stack. */
export interface BenchContext {
  readonly dialect: Dialect;
  /** How the product server runs: `dist` (built; run `npm run build` first) or `tsx` (from source). */
  readonly runtime: 'dist' | 'tsx';
  /** Server logs go here, one file per stack. */
  readonly logDir?: string;
  /** Write a V8 CPU profile of each server into this directory. */
  readonly cpuProfDir?: string;
}

export const DEFAULT_LOG_DIR = path.join(os.tmpdir(), 'people-api-bench-logs');

/** The stack options every measurement shares; `label` names its log file and profile. */
export function stackFor(context: BenchContext, label: string): StackOptions {
  return {
    label,
    dialect: context.dialect,
    entry: context.runtime,
    logDir: context.logDir ?? DEFAULT_LOG_DIR,
    ...(context.cpuProfDir ? { cpuProfDir: context.cpuProfDir } : {}),
  };
}
