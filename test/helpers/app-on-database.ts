import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/lib/logger.js';
import type { TestDatabase } from './dialects.js';
import { LogCapture, type TestApp } from './test-app.js';

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
