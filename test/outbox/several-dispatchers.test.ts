import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws } from '../support/fake-aws/index.js';
import { awsEnvFor, parseEvent, startFake } from '../helpers/aws.js';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/dialects.js';
import { openAppOn, somePerson, type TestApp } from '../helpers/test-app.js';

const PEOPLE = 120;

describe.runIf(dialects.includes('postgres'))('three dispatchers on one PostgreSQL outbox', () => {
  let fake: FakeAws;
  let database: TestDatabase;
  const instances: TestApp[] = [];

  beforeAll(async () => {
    fake = await startFake();
    database = createTestDatabase('postgres');
    const env = awsEnvFor(fake, { OUTBOX_BATCH_SIZE: '7', OUTBOX_CONCURRENCY: '2' });
    for (let i = 0; i < 3; i++) instances.push(await openAppOn(database, env));
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await database.drop();
    await fake.close();
  });

  it('publishes every message exactly once', async () => {
    const [writer] = instances;
    if (!writer) throw new Error('no instance');
    // The backlog is written first, then all three dispatchers start together and compete.
    const ids: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const response = await writer.app.inject({ method: 'POST', url: '/people', payload: somePerson() });
      ids.push(response.json<{ id: string }>().id);
    }
    for (const instance of instances) instance.deps.start();
    await fake.waitForMessages(PEOPLE, 20_000);
    // Let any duplicate that was in flight arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const subjects = fake.messages.map((m) => parseEvent(m.message).subject);
    expect(subjects).toHaveLength(PEOPLE);
    expect(new Set(subjects)).toEqual(new Set(ids));
    // Every dispatcher took part (the claims really were shared).
    const publishedByInstance = instances.map((instance) =>
      instance.logs.lines.filter((l) => l['msg'] === 'message published').length,
    );
    expect(publishedByInstance.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(publishedByInstance.reduce((a, b) => a + b, 0)).toBe(PEOPLE);
  });
});
