import { fork, type ChildProcess } from 'node:child_process';
import { exitOf, stopChild, trackChild } from './children.js';
import { FAULTS_ENV, PORT_ENV, type Delivery, type FakeFaults, type FakeCall, type FakeReply, type FakeRequest, type FakeStats } from './fake-aws-protocol.js';
import { ROOT } from './paths.js';
import { withTimeout } from './timing.js';

export type { Delivery, FakeFaults, FakeStats } from './fake-aws-protocol.js';

/** The bench's handle on the fake AWS child process. */
export interface FakeAwsProcess {
  readonly url: string;
  readonly pid: number;
  /** Counts, and the arrival times of the first message from index `from` on and of the last. */
  stats(from?: number): Promise<FakeStats>;
  /** Each recorded message from index `from` on. */
  deliveries(from?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

type Result = Extract<FakeReply, { type: 'result' }>;

const REQUEST_TIMEOUT_MS = 15_000;

/** `port` 0: any free port. */
export async function startFakeAwsProcess(faults: FakeFaults = {}, port = 0): Promise<FakeAwsProcess> {
  const child = fork('bench/fake-aws-process.ts', [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? ROOT, [FAULTS_ENV]: JSON.stringify(faults), [PORT_ENV]: String(port) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  trackChild(child);
  try {
    const url = await withTimeout(readyUrl(child), 20_000, 'the fake AWS process to start');
    return handle(child, url);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.on('message', (reply: FakeReply) => {
      if (reply.type === 'ready') resolve(reply.url);
    });
    void exitOf(child).then(() => {
      reject(new Error(`the fake AWS process exited (${String(child.exitCode ?? child.signalCode)}) before it listened`));
    });
  });
}

function handle(child: ChildProcess, url: string): FakeAwsProcess {
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: Result) => void; reject: (error: Error) => void }>();
  child.on('message', (reply: FakeReply) => {
    if (reply.type === 'ready') return;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    waiter?.resolve(reply);
  });
  void exitOf(child).then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error('the fake AWS process exited'));
    pending.clear();
  });
  const call = (body: FakeCall): Promise<Result> => {
    const id = nextId++;
    const reply = new Promise<Result>((resolve, reject) => {
      pending.set(id, { resolve, reject });
    });
    const request: FakeRequest = { ...body, id };
    child.send(request);
    return withTimeout(reply, REQUEST_TIMEOUT_MS, `fake AWS ${body.op}`);
  };
  let closed: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? 0,
    stats: async (from = 0) => {
      const { stats } = await call({ op: 'stats', from });
      if (!stats) throw new Error('fake AWS: no stats in the reply');
      return stats;
    },
    deliveries: async (from = 0) => (await call({ op: 'deliveries', from })).deliveries ?? [],
    close: () =>
      (closed ??= (async () => {
        if (child.connected) child.disconnect();
        await stopChild(child, 3_000);
      })()),
  };
}
