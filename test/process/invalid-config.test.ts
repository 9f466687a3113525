import { afterEach, expect, it } from 'vitest';
import { runMain, type MainProcess } from '../helpers/main-process.js';

let main: MainProcess | undefined;
afterEach(async () => {
  await main?.stop();
  main = undefined;
});

it('exits 1 with one clear message naming every invalid variable, and no stack trace', async () => {
  main = runMain({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'sqlite::memory:' });
  const { code } = await main.exited;

  expect(code).toBe(1);
  const stderr = main.stderr();
  expect(stderr).toBe(
    [
      'people-api: Invalid configuration:',
      '  - PORT must be an integer from 0 to 65535 (got "abc")',
      '  - LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      '',
    ].join('\n'),
  );
  expect(stderr).not.toMatch(/^\s+at /m);
  // Nothing was started: no log lines at all.
  expect(main.stdout()).toBe('');
});

it('exits 1 in production without SNS_TOPIC_ARN', async () => {
  main = runMain({ NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:' });
  const { code } = await main.exited;
  expect(code).toBe(1);
  expect(main.stderr()).toContain('SNS_TOPIC_ARN is required when NODE_ENV=production');
  expect(main.stderr()).not.toMatch(/^\s+at /m);
});
