import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './dialects.js';

/** Collects every log line the app writes, for assertions on logging and redaction. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  raw = '';
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    const text = chunk.toString('utf8');
    this.raw += text;
    for (const line of text.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    callback();
  }
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly deps: Deps;
  readonly config: Config;
  readonly database: TestDatabase;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

/**
 * The real app on a private database, dropped by `close()`. `env` adds configuration variables;
 * the background dispatcher starts only when `start` is true.
 */
export async function createTestApp(
  dialect: Dialect,
  options: { env?: Record<string, string>; start?: boolean } = {},
): Promise<TestApp> {
  const database = createTestDatabase(dialect);
  const t = await openAppOn(database, options.env);
  if (options.start) t.deps.start();
  return {
    ...t,
    close: async () => {
      await t.close();
      await database.drop();
    },
  };
}

/**
 * The real app on a database the caller owns: `close()` stops the app and its connections but
 * keeps the data, so a second app (a restarted instance) can be opened on the same database.
 */
export async function openAppOn(database: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug', ...database.env, ...env });
  const logs = new LogCapture();
  const deps = await createDeps(config, createLogger(config.logLevel, logs));
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    config,
    database,
    logs,
    close: async () => {
      await app.close();
      await deps.close();
    },
  };
}

export const ada = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  dateOfBirth: '1815-12-10',
} as const;

let counter = 0;
/** A valid person with a unique email. */
export function somePerson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return { ...ada, email: `person-${process.pid}-${counter}-${Date.now()}@example.com`, ...overrides };
}
