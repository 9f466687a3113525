import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('sqlite', { env: { EVENTS_ENABLED: 'false' }, start: true });
});
afterAll(async () => t.close());

it('writes no outbox row when events are switched off (benchmark mode)', async () => {
  expect((await t.app.inject({ method: 'POST', url: '/people', payload: somePerson() })).statusCode).toBe(201);
  const rows = await t.deps.db.selectFrom('outbox').selectAll().execute();
  expect(rows).toHaveLength(0);
  expect(t.deps.dispatcher.status().running).toBe(false);
});

it('refuses EVENTS_ENABLED=false in production', () => {
  const env = { NODE_ENV: 'production', EVENTS_ENABLED: 'false', SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:t' };
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(/EVENTS_ENABLED=false is for benchmarks only/);
});
