import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMigratedDb, type MigratedDb } from '../helpers/migrated-db.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let m: MigratedDb;
beforeAll(async () => {
  m = await createMigratedDb('sqlite');
});
afterAll(async () => m.close());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/outbox.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...m.database.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const deadRow = (id: string) => ({
  id,
  event_type: 'person.created',
  aggregate_type: 'person',
  aggregate_id: `person-${id.slice(-4)}`,
  payload: '{"email":"secret@example.com"}',
  correlation_id: 'cli-test',
  traceparent: null,
  created_at: new Date().toISOString(),
  status: 'dead' as const,
  attempts: 4,
  next_attempt_at: new Date().toISOString(),
  last_error: 'InternalErrorException: boom',
});

const FIRST = '01a24000-0000-7000-8000-000000000001';
const SECOND = '01a24000-0000-7000-8000-000000000002';

it('lists, redrives one and redrives all dead letters from the command line', async () => {
  await m.db.insertInto('outbox').values([deadRow(FIRST), deadRow(SECOND)]).execute();

  const listed = await cli('list-dead');
  expect(listed.code).toBe(0);
  const letters = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; attempts: number; lastError: string });
  expect(letters.map((l) => l.id)).toEqual([FIRST, SECOND]);
  expect(letters[0]).toMatchObject({ attempts: 4, lastError: 'InternalErrorException: boom', payloadBytes: 30 });
  expect(listed.stdout).not.toContain('secret@example.com');

  const one = await cli('redrive', FIRST);
  expect([one.code, one.stdout.trim()]).toEqual([0, 'redriven: 1']);
  const row = await m.db.selectFrom('outbox').selectAll().where('id', '=', FIRST).executeTakeFirstOrThrow();
  expect([row.status, row.attempts]).toEqual(['pending', 0]);

  const missing = await cli('redrive', FIRST);
  expect([missing.code, missing.stdout.trim()]).toEqual([1, 'redriven: 0']);

  const all = await cli('redrive-all');
  expect([all.code, all.stdout.trim()]).toEqual([0, 'redriven: 1']);
  expect(await m.db.selectFrom('outbox').select('id').where('status', '=', 'dead').execute()).toEqual([]);
});

it('explains its usage on a wrong command', async () => {
  const wrong = await cli('explode');
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('usage: npm run outbox -- list-dead | redrive <id> | redrive-all');
  const noId = await cli('redrive');
  expect(noId.code).toBe(2);
});
