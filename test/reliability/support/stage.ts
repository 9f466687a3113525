import { afterEach } from 'vitest';
import { awsEnvFor, startFake } from '../../helpers/aws.js';
import { createTestDatabase, type Dialect, type TestDatabase } from '../../helpers/dialects.js';
import type { FakeAws } from '../../support/fake-aws/index.js';
import { Instances } from './instances.js';

/**
 * What one scenario runs on: the fake AWS (in the test process), a private database (SQLite
 * file or PostgreSQL schema) and the server children. `close()` kills every child first, then
 * runs the scenario's own clean-ups, closes the fake and drops the database.
 */
export class Stage {
  readonly instances = new Instances();
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  readonly started = Date.now();

  private constructor(
    readonly dialect: Dialect,
    readonly fake: FakeAws,
    readonly database: TestDatabase,
  ) {}

  static async open(dialect: Dialect): Promise<Stage> {
    const fake = await startFake();
    return new Stage(dialect, fake, createTestDatabase(dialect));
  }

  /** The environment of a server child: this database, the fake AWS, then `overrides`. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return { ...this.database.env, ...awsEnvFor(this.fake), ...overrides };
  }

  onClose(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  seconds(): number {
    return Math.round((Date.now() - this.started) / 100) / 10;
  }

  async close(): Promise<void> {
    await this.instances.killAll();
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
    await this.fake.close();
    await this.database.drop();
  }
}

/**
 * For a file whose tests each open one stage: registers an afterEach that closes the stage the
 * test opened, however the test ended.
 */
export function useStage(): { open(dialect: Dialect): Promise<Stage> } {
  let current: Stage | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return { open: async (dialect) => (current = await Stage.open(dialect)) };
}
