import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { listeningUrl, runMain, type MainProcess } from '../helpers/main-process.js';
import { somePerson } from '../helpers/test-app.js';

let dir: string;
let main: MainProcess | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-api-shutdown-'));
});
afterEach(async () => {
  await main?.stop();
  main = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Resolves once the SIGTERM handler is installed: main.ts installs it right after logging
 * "people-api started" (a SIGTERM between "Server listening" and that line kills the process
 * without a graceful stop).
 */
async function started(process: MainProcess): Promise<string> {
  const url = await listeningUrl(process);
  await process.waitForOutput(/"msg":"people-api started"/);
  return url;
}

function start(): MainProcess {
  return runMain({
    DATABASE_URL: `sqlite:${path.join(dir, 'people.db')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    SHUTDOWN_TIMEOUT_MS: '8000',
  });
}

/** Resolves with everything the server sent once it closes the connection. */
function readAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    socket.once('end', () => {
      resolve(data);
    });
    socket.once('error', reject);
  });
}

it('exits 0 promptly on SIGTERM and logs "stopped"', async () => {
  main = start();
  await started(main);
  const sent = Date.now();
  main.child.kill('SIGTERM');
  const { code, signal } = await main.exited;

  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(Date.now() - sent).toBeLessThan(5_000);
  const messages = main.logLines().map((line) => line['msg']);
  expect(messages).toContain('stopped');
  expect(messages).toContain('shutting down');
  expect(messages).not.toContain('shutdown deadline reached; closing remaining connections');
});

it('lets a request that is in flight at SIGTERM finish with 201 before exiting 0', async () => {
  main = start();
  const url = await started(main);
  const { port } = new URL(url);

  // A POST whose body is only half sent: the request is in flight.
  const person = somePerson();
  const body = JSON.stringify(person);
  const half = Math.floor(body.length / 2);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const response = readAll(socket);
  socket.write(
    `POST /people HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
  );
  // One full round trip on another connection: the server has read the first request's head by now.
  expect((await fetch(`${url}/health/live`, { headers: { connection: 'close' } })).status).toBe(200);

  main.child.kill('SIGTERM');
  await main.waitForOutput(/"msg":"shutting down"/);

  // New work is turned away while the in-flight request finishes.
  const late = await fetch(`${url}/health/live`, { headers: { connection: 'close' } }).then(
    (r) => r.status,
    () => 'refused',
  );
  expect(late).not.toBe(200);

  socket.end(body.slice(half));
  const raw = await response;
  expect(raw).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
  const { code } = await main.exited;
  expect(code).toBe(0);
  const messages = main.logLines().map((line) => line['msg']);
  expect(messages).toContain('stopped');
  expect(messages).not.toContain('shutdown deadline reached; closing remaining connections');

  // The 201 was durable: the person is in the database the process left behind.
  const db = createDb({ dialect: 'sqlite', file: path.join(dir, 'people.db'), busyTimeoutMs: 1_000 });
  try {
    const rows = await db.selectFrom('people').select('email').execute();
    expect(rows).toEqual([{ email: person['email'] }]);
  } finally {
    await db.destroy();
  }
});
