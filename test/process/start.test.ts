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
  expect(main.stderr()).toBe('');
});
