import path from 'node:path';
import { refusing } from './children.js';
import { createBenchDatabase, type BenchDatabase, type Dialect } from './database.js';
import { startFakeAwsProcess, type FakeAwsProcess, type FakeFaults } from './fake-aws.js';
import { seedPendingOutbox } from './outbox-seed.js';
import { closedUrl, freePort } from './ports.js';
import { startServer, type BenchServer, type ServerEntry, type StartServerOptions } from './server.js';
import { serverEnv } from './server-env.js';

export interface StackOptions {
  /** Names the server's log file and CPU profile. */
  readonly label: string;
  readonly dialect: Dialect;
  readonly entry: ServerEntry;
  readonly logDir: string;
  readonly faults?: FakeFaults;
  /** SNS endpoint where nothing listens (STS stays on the fake). */
  readonly snsDown?: boolean;
  readonly eventsEnabled?: boolean;
  readonly env?: Record<string, string>;
  /** Write a V8 CPU profile of the server into this directory. */
  readonly cpuProfDir?: string;
}

/** One measurement's world: a fresh database, a fake AWS and the server. */
export interface Stack {
  readonly label: string;
  readonly server: BenchServer;
  readonly fake: FakeAwsProcess;
  readonly env: Record<string, string>;
  /** Inserts pending outbox rows while the server runs. */
  readonly seedPending: (count: number) => Promise<void>;
}

export interface OpenStack extends Stack {
  /** Stops the server and the fake AWS, then drops the database; safe to call twice. */
  readonly close: () => Promise<void>;
}

/** Starts a stack; on failure whatever did start is torn down again. */
export async function startStack(options: StackOptions): Promise<OpenStack> {
  const database = createBenchDatabase(options.dialect);
  let fake: FakeAwsProcess | undefined;
  let server: BenchServer | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.allSettled([server?.stop(), fake?.close()]);
      await database.drop().catch((error: unknown) => {
        process.stderr.write(`bench: could not drop the ${options.dialect} database: ${String(error)}\n`);
      });
    })());
  try {
    // The server reaches AWS only when it publishes, so both start at once on a port chosen now.
    const fakePort = await freePort();
    const env = serverEnv({
      database: database.env,
      fakeUrl: `http://127.0.0.1:${fakePort}`,
      eventsEnabled: options.eventsEnabled ?? true,
      ...(options.snsDown ? { snsUrl: await closedUrl() } : {}),
      ...(options.env ? { extra: options.env } : {}),
    });
    const [fakeStarted, serverStarted] = await Promise.allSettled([
      startFakeAwsProcess(options.faults, fakePort),
      startServerWithRetry({
        entry: options.entry,
        env,
        logFile: path.join(options.logDir, `${options.dialect}-${options.label}.log`),
        ...(options.cpuProfDir ? { nodeArgs: cpuProfArgs(options.cpuProfDir, `${options.dialect}-${options.label}`), graceful: true } : {}),
      }),
    ]);
    if (fakeStarted.status === 'fulfilled') fake = fakeStarted.value;
    if (serverStarted.status === 'fulfilled') server = serverStarted.value;
    if (fakeStarted.status === 'rejected') throw fakeStarted.reason;
    if (serverStarted.status === 'rejected') throw serverStarted.reason;
    if (!fake || !server) throw new Error('unreachable: the stack did not start');
    return { label: options.label, server, fake, env, seedPending: (count) => seed(database, count), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `use` against a new stack and always tears it down. */
export async function withStack<T>(options: StackOptions, use: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack(options);
  try {
    return await use(stack);
  } finally {
    await stack.close();
  }
}

/**
 * Starts several stacks, `parallel` at a time (start-up is not measured, and a 2-core machine
 * does not start eight servers faster at once), and tears all of them down at the end.
 */
export async function withStacks<K extends string, T>(
  options: Readonly<Record<K, StackOptions>>,
  use: (stacks: Readonly<Record<K, OpenStack>>) => Promise<T>,
  parallel = 3,
): Promise<T> {
  const queue = Object.entries(options) as [K, StackOptions][];
  const started = new Map<K, OpenStack>();
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next && failures.length === 0; next = queue.shift()) {
      const [key, stackOptions] = next;
      await startStack(stackOptions).then(
        (stack) => started.set(key, stack),
        (error: unknown) => failures.push(error),
      );
    }
  };
  try {
    // Every worker finishes before anything is used or torn down: no stack is left behind.
    await Promise.all(Array.from({ length: parallel }, worker));
    if (failures.length > 0) throw failures[0];
    return await use(Object.fromEntries(started) as Record<K, OpenStack>);
  } finally {
    await Promise.allSettled([...started.values()].map((stack) => stack.close()));
  }
}

async function seed(database: BenchDatabase, count: number): Promise<void> {
  const db = await database.open();
  try {
    await seedPendingOutbox(db, count);
  } finally {
    await db.destroy();
  }
}

function cpuProfArgs(dir: string, name: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

/**
 * One retry when the server exits during start-up: on a shared PostgreSQL, another suite dropping
 * its schema while Kysely's migrator lists every schema's tables fails the start (see the report).
 */
async function startServerWithRetry(options: StartServerOptions): Promise<BenchServer> {
  try {
    return await startServer(options);
  } catch (error) {
    if (refusing()) throw error;
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    process.stderr.write(`bench: the server did not start (${message}); trying once more\n`);
    return startServer(options);
  }
}
