import { loadConfig } from '../src/config.js';
import type { Profile } from './profile.js';
import { SCENARIOS } from './scenarios.js';
import { serverEnv } from './server-env.js';

/** What the bench ran with: its own profile, and the server settings as the server reads them. */
export function benchSettings(profile: Profile, runtime: 'dist' | 'tsx'): Record<string, unknown> {
  const base = serverEnv({ database: { DATABASE_URL: 'sqlite::memory:' }, fakeUrl: 'http://127.0.0.1:1', eventsEnabled: true });
  const sqlite = loadConfig(base);
  const postgres = loadConfig({ ...base, DATABASE_URL: 'postgres://bench@127.0.0.1/bench' });
  return {
    profile,
    runtime: runtime === 'dist' ? 'node dist/main.js (npm run build)' : 'node --import tsx src/main.ts',
    inlineAwaitRuntime: 'node --import tsx bench/inline-await-server.ts',
    loadGenerator: `autocannon, ${profile.connections} keep-alive connections, POST /people with a unique email per request`,
    lagLoad: `evenly paced open-loop POST /people at ${profile.lag.rate} req/s over up to ${profile.connections} keep-alive connections (bench/paced-load.ts)`,
    server: {
      logLevel: sqlite.logLevel,
      outbox: sqlite.outbox,
      snsRequestTimeoutMs: sqlite.aws.requestTimeoutMs,
      snsConnectTimeoutMs: sqlite.aws.connectTimeoutMs,
      sqliteBusyTimeoutMs: sqlite.database.dialect === 'sqlite' ? sqlite.database.busyTimeoutMs : null,
      postgresPoolMax: postgres.database.dialect === 'postgres' ? postgres.database.poolMax : null,
    },
    scenarios: SCENARIOS.map((s) => ({ name: s.name, description: s.description })),
  };
}
