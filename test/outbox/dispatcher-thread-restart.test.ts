import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { DispatcherThread } from '../../src/outbox/dispatcher-thread.js';
import { silentObserver } from '../../src/outbox/observer.js';
import { LogCapture } from '../helpers/test-app.js';

/** A thread that starts, reports itself running, and dies. */
const DYING_THREAD = `
  import { parentPort } from 'node:worker_threads';
  parentPort.postMessage({ status: { destination: 'sns', circuit: 'closed', running: true, lastFailure: null }, observations: [] });
  setTimeout(() => process.exit(3), 20);
`;
const dying = new URL(`data:text/javascript,${encodeURIComponent(DYING_THREAD)}`);

it('starts a thread that died again, later each time, and not after stop', async () => {
  const logs = new LogCapture();
  const thread = new DispatcherThread({
    config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite:/tmp/unused-by-this-test.db' }),
    logger: createLogger('info', logs),
    observer: silentObserver,
    script: dying,
  });
  const restarts = (): unknown[] => logs.lines.filter((l) => l['msg'] === 'dispatcher thread exited unexpectedly; starting it again');
  thread.start();
  // Dies at once, again 500 ms later, then waits 1 s before the third start.
  await expect.poll(() => restarts().length, { timeout: 3_000 }).toBe(2);
  expect(restarts()).toMatchObject([
    { level: 'error', exitCode: 3, restartInMs: 500 },
    { level: 'error', exitCode: 3, restartInMs: 1_000 },
  ]);
  expect(thread.status().running).toBe(false);

  await thread.stop(100);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(restarts()).toHaveLength(2);
});
