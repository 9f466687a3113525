// A dispatcher thread that starts, reports itself running, and dies: for DispatcherThread's restart test.
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage({ status: { destination: 'sns', circuit: 'closed', running: true, lastFailure: null }, observations: [] });
setTimeout(() => process.exit(3), 20);
