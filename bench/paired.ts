import type { Contender } from './contender.js';

/**
 * Measures two servers in alternating segments (A B, B A, A B, ...), each after the other has
 * settled, so a change in the machine's load (other processes) hits both alike. `segment` runs
 * one measured segment on one server. Returns the segments measured in this pairing, per side.
 */
export async function alternate<T>(a: Contender, b: Contender, rounds: number, segment: (contender: Contender) => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const runs = { a: [] as T[], b: [] as T[] };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    for (const side of order) {
      await Promise.all([a.settle(), b.settle()]);
      runs[side].push(await segment(side === 'a' ? a : b));
    }
  }
  return runs;
}
