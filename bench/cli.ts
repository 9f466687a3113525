import type { Dialect } from './database.js';
import { PROFILES, type Profile } from './profile.js';

export interface CliOptions {
  readonly profile: Profile;
  readonly dialects: readonly Dialect[];
  /** Run `npm run build` and the built server (default), or the server from source through tsx. */
  readonly build: boolean;
  /** Write a V8 CPU profile of every server into this directory. */
  readonly cpuProfDir: string | undefined;
  /** Hard limit for the whole run, seconds (default: the profile's). */
  readonly deadlineSeconds: number;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--db sqlite|postgres|both] [--no-build] [--cpu-prof DIR] [--deadline S]

  --quick         about a minute (under one on a quiet machine): short runs, small backlogs, rough figures
  --db            which database(s) to measure (default: both)
  --no-build      run the server from source (node --import tsx src/main.ts) instead of dist/
  --cpu-prof DIR  write a .cpuprofile of every server process into DIR
  --deadline S    stop everything and fail after S seconds (default 300, --quick 90)

PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); each run uses
its own schema bench_<random>, dropped afterwards. Results: printed, and bench/results/latest.json.`;

export function parseCli(argv: readonly string[]): CliOptions {
  let profile = PROFILES.default;
  let dialects: Dialect[] = ['sqlite', 'postgres'];
  let build = true;
  let cpuProfDir: string | undefined;
  let deadlineSeconds: number | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg?.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[(i += 1)];
      if (next === undefined) throw new Error(`${String(flag)} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--quick') profile = PROFILES.quick;
    else if (flag === '--no-build') build = false;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--cpu-prof') cpuProfDir = value();
    else if (flag === '--db') dialects = parseDb(value());
    else if (flag === '--deadline') deadlineSeconds = parseSeconds(value());
    else throw new Error(`unknown argument ${String(arg)}\n${USAGE}`);
  }
  return { profile, dialects, build, cpuProfDir, deadlineSeconds: deadlineSeconds ?? profile.deadlineSeconds, help };
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 3_600) throw new Error(`--deadline must be 10 to 3600 seconds (got "${value}")`);
  return seconds;
}

function parseDb(value: string): Dialect[] {
  if (value === 'both') return ['sqlite', 'postgres'];
  if (value === 'sqlite' || value === 'postgres') return [value];
  throw new Error(`--db must be sqlite, postgres or both (got "${value}")`);
}
