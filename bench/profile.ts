/** How long and how hard each part of the bench runs. */
export interface Profile {
  readonly name: 'default' | 'quick';
  readonly connections: number;
  /** Unmeasured load on each server before its first segment. */
  readonly warmupSeconds: number;
  /**
   * outbox-healthy's warm-up: it is everyone's baseline, and its publishing path (AWS SDK, SQL)
   * takes longer to reach steady speed (with 1.5 s its first paired segments cost 40 % more CPU).
   */
  readonly baselineWarmupSeconds: number;
  /** Each scenario is measured in `rounds` segments, alternating with outbox-healthy (A B, B A, ...). */
  readonly rounds: number;
  readonly segmentSeconds: number;
  readonly lag: { readonly rate: number; readonly warmupSeconds: number; readonly durationSeconds: number };
  /** no-events and outbox-healthy at one paced rate, alternating: latency when not saturated. */
  readonly fixedRate: { readonly rate: number; readonly warmupSeconds: number; readonly segmentSeconds: number; readonly rounds: number };
  readonly drain: { readonly backlog: number; readonly capSeconds: number; readonly oneAtATimeCapSeconds: number };
  readonly memory: { readonly pending: number; readonly warmupRequests: number; readonly sampleSeconds: number; readonly settleSeconds: number };
  /** Hard limit for the whole run: past it every child is killed and the bench fails. */
  readonly deadlineSeconds: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  default: {
    name: 'default',
    connections: 10,
    warmupSeconds: 2.5,
    baselineWarmupSeconds: 6,
    rounds: 2,
    segmentSeconds: 2,
    lag: { rate: 200, warmupSeconds: 1, durationSeconds: 6 },
    fixedRate: { rate: 200, warmupSeconds: 1, segmentSeconds: 3, rounds: 2 },
    drain: { backlog: 20_000, capSeconds: 40, oneAtATimeCapSeconds: 5 },
    memory: { pending: 100_000, warmupRequests: 500, sampleSeconds: 2, settleSeconds: 1 },
    deadlineSeconds: 300,
  },
  quick: {
    name: 'quick',
    connections: 10,
    warmupSeconds: 0.1,
    baselineWarmupSeconds: 0.3,
    rounds: 1,
    segmentSeconds: 0.5,
    lag: { rate: 200, warmupSeconds: 0.2, durationSeconds: 0.8 },
    fixedRate: { rate: 200, warmupSeconds: 0.2, segmentSeconds: 0.5, rounds: 1 },
    drain: { backlog: 2_000, capSeconds: 10, oneAtATimeCapSeconds: 0.8 },
    memory: { pending: 10_000, warmupRequests: 100, sampleSeconds: 0.4, settleSeconds: 0.2 },
    deadlineSeconds: 90,
  },
};

export function describeProfile(p: Profile): string {
  return (
    `${p.connections} connections; each scenario ${p.rounds} x ${p.segmentSeconds} s, alternating with outbox-healthy, after ${p.warmupSeconds} s warm-up (outbox-healthy ${p.baselineWarmupSeconds} s); ` +
    `fixed rate ${p.fixedRate.rate} req/s, ${p.fixedRate.rounds} x ${p.fixedRate.segmentSeconds} s each; lag at ${p.lag.rate} req/s for ${p.lag.durationSeconds} s; drain of ${p.drain.backlog.toLocaleString('en-US')} rows; memory with ${p.memory.pending.toLocaleString('en-US')} pending rows`
  );
}
