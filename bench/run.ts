/**
 * `npm run bench`: POST /people at a fixed rate and under load in six scenarios, then delivery lag, drain rate and
 * memory, on SQLite and PostgreSQL. Prints Markdown tables and writes bench/results/latest.json.
 * See docs/benchmarks.md.
 */
import os from 'node:os';
import path from 'node:path';
import { buildServer } from './build.js';
import { killAllChildren, killChildrenOnSignals, refuseNewChildren } from './children.js';
import { parseCli, USAGE, type CliOptions } from './cli.js';
import type { Dialect } from './database.js';
import { describeMachine, machineInfo, type MachineInfo } from './machine.js';
import { RESULTS_FILE } from './paths.js';
import { describeProfile } from './profile.js';
import { backgroundTable, fixedRateTable, scenarioTable, targetTable } from './report.js';
import { writeReport } from './results-file.js';
import { benchSettings } from './settings.js';
import { runDialect, type DialectResults } from './suite.js';
import { checkTargets } from './targets.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Past the profile's deadline every child is killed, so whatever awaits them fails and cleans up. */
function armDeadline(seconds: number): () => void {
  const soft = setTimeout(() => {
    log(`bench: deadline of ${seconds} s passed: stopping every child process`);
    refuseNewChildren(`the deadline of ${seconds} s passed`);
  }, seconds * 1_000);
  const hard = setTimeout(() => {
    log('bench: still running 20 s after the deadline: exiting');
    process.exit(1);
  }, (seconds + 20) * 1_000);
  soft.unref();
  hard.unref();
  return () => {
    clearTimeout(soft);
    clearTimeout(hard);
  };
}

function chooseDialects(options: CliOptions, machine: MachineInfo, notes: string[]): Dialect[] {
  if (machine.postgres !== null || !options.dialects.includes('postgres')) return [...options.dialects];
  if (options.dialects.length === 1) throw new Error('PostgreSQL is unreachable (BENCH_DATABASE_URL); cannot run --db postgres');
  const note = '!!! PostgreSQL is unreachable: only SQLite was measured !!!';
  log(note);
  notes.push(note);
  return options.dialects.filter((d) => d !== 'postgres');
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  killChildrenOnSignals();
  const started = Date.now();
  const disarm = armDeadline(options.deadlineSeconds);
  const notes: string[] = [];
  const runtime = options.build && buildServer(options.profile.name === 'quick') ? 'dist' : 'tsx';
  if (options.build && runtime === 'tsx') notes.push('npm run build failed: the server ran from source through tsx');
  const machine = await machineInfo();
  log(`bench: ${options.profile.name} profile; ${describeMachine(machine)}`);
  if ((machine.loadAverageAtStart[0] ?? 0) > machine.cpuCount * 0.5) {
    const note = `the machine was busy when the bench started (load average ${String(machine.loadAverageAtStart[0])} on ${machine.cpuCount} CPUs): figures are unreliable`;
    log(`bench: WARNING: ${note}`);
    notes.push(note);
  }
  if (options.profile.name === 'quick') notes.push('--quick: short runs and small backlogs; figures are rough, targets indicative only');
  const logDir = path.join(os.tmpdir(), `people-api-bench-logs-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const results: DialectResults[] = [];
  for (const dialect of chooseDialects(options, machine, notes)) {
    const context = { dialect, runtime, logDir, ...(options.cpuProfDir ? { cpuProfDir: options.cpuProfDir } : {}) } as const;
    results.push(await runDialect(context, options.profile, log));
  }
  disarm();
  const targets = results.flatMap(checkTargets);
  const durationSeconds = Math.round((Date.now() - started) / 100) / 10;
  writeReport(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    durationSeconds,
    machine,
    settings: benchSettings(options.profile, runtime),
    results,
    targets,
    notes,
  });
  const out = [
    '',
    `Machine: ${describeMachine(machine)}`,
    `Profile: ${options.profile.name}; server: ${runtime === 'dist' ? 'node dist/main.js' : 'node --import tsx src/main.ts'}; ${describeProfile(options.profile)}`,
    '',
    scenarioTable(results),
    '',
    fixedRateTable(results),
    '',
    backgroundTable(results),
    '* the cap ended the drain before the backlog was empty: the rate is over the capped window.',
    '',
    targetTable(targets),
    '',
    ...notes.map((n) => `Note: ${n}`),
    `Full figures: ${path.relative(process.cwd(), RESULTS_FILE)}; server logs: ${logDir}; took ${durationSeconds} s`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

try {
  await main();
} catch (error) {
  killAllChildren();
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
