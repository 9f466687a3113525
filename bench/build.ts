import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/**
 * The last build (dist/.tsbuildinfo: tsc rewrites it on every build that changes anything, while
 * unchanged outputs keep their old dates) is newer than every source file and build setting.
 */
export function buildIsFresh(): boolean {
  const built = mtime(path.join(ROOT, 'dist', '.tsbuildinfo'));
  return built !== undefined && INPUTS.every((input) => newest(path.join(ROOT, input)) <= built);
}

/**
 * `npm run build` (bounded); with `skipWhenFresh` (--quick) not when dist/ is fresh. False when it
 * fails, so the bench can fall back to tsx.
 */
export function buildServer(skipWhenFresh: boolean, timeoutMs = 180_000): boolean {
  if (skipWhenFresh && buildIsFresh()) return true;
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', timeout: timeoutMs });
  return result.status === 0;
}

function mtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function newest(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}
