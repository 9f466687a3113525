import fs from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './machine.js';
import type { DialectResults } from './suite.js';
import type { TargetCheck } from './targets.js';

export interface BenchReport {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly settings: Record<string, unknown>;
  readonly results: readonly DialectResults[];
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
}

/** Writes the whole report as JSON (every figure, not only the printed ones). */
export function writeReport(file: string, report: BenchReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
