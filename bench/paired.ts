import type { Contender, MeasuredRun } from './contender.js';

export interface AlternateOptions {
  readonly rounds: number;
  readonly segmentSeconds: number;
  readonly connections: number;
}

/**
 * Measures two servers in alternating segments (A B, B A, A B, ...), each after the other has
 * settled, so a change in the machine's load (other processes) hits both alike. Returns the
 * segments measured in this pairing, per side.
 */
export async function alternate(a: Contender, b: Contender, options: AlternateOptions): Promise<{ a: MeasuredRun[]; b: MeasuredRun[] }> {
  const runs = { a: [] as MeasuredRun[], b: [] as MeasuredRun[] };
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    for (const side of order) {
      await Promise.all([a.settle(), b.settle()]);
      const contender = side === 'a' ? a : b;
      runs[side].push(await contender.run({ connections: options.connections, durationSeconds: options.segmentSeconds }, true));
    }
  }
  return runs;
}
