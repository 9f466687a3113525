import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/create-db.js';
import { prepareDatabase } from '../../src/db/migrate.js';
import { checkReadiness } from '../../src/health/readiness.js';
import { createLogger } from '../../src/lib/logger.js';
import { DispatcherThread } from '../../src/outbox/dispatcher-thread.js';
import { silentObserver } from '../../src/outbox/observer.js';
import { LogCapture } from '../helpers/test-app.js';

/** A thread that starts, reports itself running, and dies. */
const DYING_THREAD = `
  import { parentPort } from 'node:worker_threads';
  parentPort.postMessage({ status: { destination: 'sns', circuit: 'closed', running: true, lastFailure: null, halted: null }, observations: [] });
  setTimeout(() => process.exit(3), 20);
`;
const dying = new URL(`data:text/javascript,${encodeURIComponent(DYING_THREAD)}`);

it('starts a thread that died again, later each time, reports itself degraded meanwhile, and stays down after stop', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-api-thread-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${path.join(dir, 'people.db')}` });
  const db = createDb(config.database);
  await prepareDatabase(db, config.database);
  const logs = new LogCapture();
  const thread = new DispatcherThread({ config, logger: createLogger('info', logs), observer: silentObserver, script: dying });
  const ready = () => checkReadiness({ db, dispatcher: () => thread.status(), maxPendingAgeSeconds: 60 });
  const restarts = (): unknown[] => logs.lines.filter((l) => l['msg'] === 'dispatcher thread exited unexpectedly; starting it again');
  try {
    thread.start();
    // Dies at once, again 500 ms later, then waits 1 s before the third start.
    await expect.poll(() => restarts().length, { timeout: 3_000 }).toBe(2);
    expect(restarts()).toMatchObject([
      { level: 'error', exitCode: 3, restartInMs: 500 },
      { level: 'error', exitCode: 3, restartInMs: 1_000 },
    ]);
    expect(thread.status()).toMatchObject({ running: false, halted: expect.stringMatching(/^dispatcher thread exited \(code 3\)/) as unknown });
    expect(await ready()).toMatchObject({ status: 'degraded', outbox: { reason: expect.stringMatching(/^dispatcher thread exited/) as unknown } });

    await thread.stop(100);
    expect(thread.status().halted).toBeNull();
    expect((await ready()).status).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(restarts()).toHaveLength(2);
  } finally {
    await thread.stop(100);
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
