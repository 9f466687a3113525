import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExpiredKeyPurge } from '../../src/idempotency/expired-key-purge.js';
import { createLogger } from '../../src/lib/logger.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createMigratedDb, type MigratedDb } from '../helpers/migrated-db.js';
import { LogCapture } from '../helpers/test-app.js';

const NOW = new Date('2026-12-04T12:00:00.000Z');

describeEachDialect('expired Idempotency-Key purge', (dialect) => {
  let m: MigratedDb;
  beforeAll(async () => {
    m = await createMigratedDb(dialect);
  });
  afterAll(async () => {
    await m.close();
  });

  function keyRows(prefix: string, count: number, expiresAt: Date) {
    return Array.from({ length: count }, (_, i) => ({
      key: `${prefix}-${i}`,
      request_hash: 'h'.repeat(64),
      status_code: 201,
      response_body: '{}',
      created_at: new Date(expiresAt.getTime() - 86_400_000).toISOString(),
      expires_at: expiresAt.toISOString(),
    }));
  }

  it('deletes every expired key, more than one batch of them, and keeps the live ones', async () => {
    await m.db.insertInto('idempotency_keys').values(keyRows('expired', 1_200, new Date(NOW.getTime() - 1_000))).execute();
    await m.db.insertInto('idempotency_keys').values(keyRows('at-now', 1, NOW)).execute();
    await m.db.insertInto('idempotency_keys').values(keyRows('live', 3, new Date(NOW.getTime() + 1_000))).execute();
    const logs = new LogCapture();

    const deleted = await new ExpiredKeyPurge(m.db, 60_000, createLogger('info', logs), () => NOW).run();

    expect(deleted).toBe(1_201);
    const left = await m.observer.selectFrom('idempotency_keys').select('key').orderBy('key').execute();
    expect(left.map((r) => r.key)).toEqual(['live-0', 'live-1', 'live-2']);
    expect(logs.lines).toContainEqual(expect.objectContaining({ msg: 'expired idempotency keys deleted', deleted: 1_201 }));
  });

  it('reports a database fault in the log instead of throwing', async () => {
    const logs = new LogCapture();
    const broken = new ExpiredKeyPurge(m.db.withSchema('no_such_schema'), 60_000, createLogger('info', logs), () => NOW);
    await expect(broken.run()).resolves.toBe(0);
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'expired idempotency keys not deleted; retrying at the next interval' }));
  });
});
