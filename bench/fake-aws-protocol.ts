/** Messages between the bench and the fake AWS child process (bench/fake-aws-process.ts). */

/** The fault switches the bench uses; passed to the child as JSON at start-up. */
export interface FakeFaults {
  /** Answer each SNS call after this many ms. */
  readonly delayMs?: number;
  /** Never answer SNS calls. */
  readonly hang?: boolean;
}

export interface FakeStats {
  /** Messages recorded (published) so far, in all. */
  readonly count: number;
  /** SNS HTTP requests received, whatever their outcome. */
  readonly snsRequests: number;
  /** Epoch ms of the first recorded message from index `from` on, and of the last one. */
  readonly firstReceivedAt: number | null;
  readonly lastReceivedAt: number | null;
}

export type FakeCall =
  | { readonly op: 'stats'; readonly from: number }
  /** Each message from index `from` on, as a Delivery. */
  | { readonly op: 'deliveries'; readonly from: number }
  | { readonly op: 'close' };

export type FakeRequest = FakeCall & { readonly id: number };

/** One recorded message: its CloudEvent `subject` and `time` (epoch ms), and when the fake received it. */
export interface Delivery {
  readonly subject: string;
  readonly eventTime: number;
  readonly receivedAt: number;
}

export type FakeReply =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'result'; readonly id: number; readonly stats?: FakeStats; readonly deliveries?: Delivery[] };

export const FAULTS_ENV = 'BENCH_FAKE_AWS_FAULTS';
export const PORT_ENV = 'BENCH_FAKE_AWS_PORT';
