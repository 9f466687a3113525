import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, startFake } from './aws.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './dialects.js';
import { openAppOn, type TestApp } from './test-app.js';

interface State {
  readonly fake: FakeAws;
  readonly database: TestDatabase;
  readonly t: TestApp;
}

/** The app with its dispatcher running against the fake AWS, available once beforeAll has run. */
export class AppWithFakeAws {
  state: State | undefined;

  get fake(): FakeAws {
    return this.ready().fake;
  }

  get t(): TestApp {
    return this.ready().t;
  }

  private ready(): State {
    if (!this.state) throw new Error('used outside a test: the app starts in beforeAll');
    return this.state;
  }
}

/**
 * Registers the hooks of a suite that needs the running app and the fake AWS: started once in
 * beforeAll, the fake's records and faults reset after each test, everything closed and the
 * database dropped in afterAll.
 */
export function useAppWithFakeAws(dialect: Dialect, env: Record<string, string> = {}): AppWithFakeAws {
  const context = new AppWithFakeAws();
  beforeAll(async () => {
    const fake = await startFake();
    const database = createTestDatabase(dialect);
    const t = await openAppOn(database, awsEnvFor(fake, env));
    t.deps.start();
    context.state = { fake, database, t };
  });
  afterEach(() => {
    context.state?.fake.reset();
  });
  afterAll(async () => {
    const state = context.state;
    if (!state) return;
    await state.t.close();
    await state.database.drop();
    await state.fake.close();
  });
  return context;
}
