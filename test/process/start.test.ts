import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listeningUrl, runMain, type MainProcess } from '../helpers/main-process.js';

let dir: string;
let main: MainProcess | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-api-start-'));
});
afterEach(async () => {
  await main?.stop();
  main = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

it('starts with nothing but DATABASE_URL (and PORT=0 to avoid clashes), migrates and is ready', async () => {
  const file = path.join(dir, 'nested', 'people.db');
  main = runMain({ DATABASE_URL: `sqlite:${file}`, PORT: '0' });
  const url = await listeningUrl(main);

  const ready = await fetch(`${url}/health/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ database: { status: 'up' } });
  expect(fs.existsSync(file)).toBe(true);

  const lines = main.logLines();
  expect(lines.find((line) => line['msg'] === 'database migrated')).toMatchObject({
    migrations: expect.arrayContaining(['0001-create-people']) as unknown,
  });
  expect(lines.find((line) => line['msg'] === 'people-api started')).toMatchObject({ level: 'info', database: 'sqlite' });

  // On its defaults it publishes to the log, from the publisher's thread, through the same redacting logger.
  const created = await fetch(`${url}/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'Wilhelmina', lastName: 'Quick', email: 'wq@example.com', dateOfBirth: '1990-01-01' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await expect.poll(() => main?.logLines().find((line) => line['msg'] === 'event published to the log')).toMatchObject({
    cloudEvent: { subject: id, data: { firstName: '[redacted]', email: '[redacted]' } },
  });
  expect(main.logLines().some((line) => String(line['msg']).startsWith('SNS_TOPIC_ARN is not set'))).toBe(true);
  expect(JSON.stringify(main.logLines())).not.toContain('Wilhelmina');
  expect(main.stderr()).toBe('');
});
