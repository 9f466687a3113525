/**
 * Where a server spent its CPU: self time of a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`)
 * by package and by function.   npx tsx bench/cpu-profile-summary.ts FILE.cpuprofile [TOP]
 */
import fs from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Microseconds of self time per key, largest first. */
function selfTime(profile: CpuProfile, key: (node: ProfileNode) => string): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node) totals.set(key(node), (totals.get(key(node)) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** node_modules package, project file, node internals, or a V8 pseudo-frame such as (garbage collector). */
function packageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') return `(${functionName || 'native'})`;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency?.[1]) return dependency[1];
  return url.startsWith('node:') ? 'node:internal' : url.replace(/^file:\/\/.*?\/(dist|src|bench)\//, '$1/');
}

function functionOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|src)\//, '$1/')}:${lineNumber + 1}`;
}

function main(): void {
  const [file, top = '20'] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx bench/cpu-profile-summary.ts FILE.cpuprofile [TOP]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.timeDeltas.reduce((sum, t) => sum + t, 0);
  const print = (title: string, rows: [string, number][]): void => {
    process.stdout.write(`${title}\n`);
    for (const [name, us] of rows.slice(0, Number(top))) {
      process.stdout.write(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}\n`);
    }
  };
  process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n`);
  print('by package', selfTime(profile, packageOf));
  print('by function', selfTime(profile, functionOf));
}

main();
