import { expect, it } from 'vitest';
import { BatchingObserver, replay, type Observation } from '../../src/outbox/dispatcher-thread-protocol.js';
import type { OutboxObserver } from '../../src/outbox/observer.js';

it('hands the observations of one turn over together, and replays each as the same call', async () => {
  const batches: (readonly Observation[])[] = [];
  const observer = new BatchingObserver((batch) => batches.push(batch));
  observer.published({ eventType: 'person.created' }, 0.012);
  observer.failed({ eventType: 'person.updated' }, 'Throttling');
  observer.deadLettered({ eventType: 'person.deleted' }, 'InvalidParameter');
  observer.request(0.004, true);
  observer.wakeupDropped();
  expect(batches).toHaveLength(0);
  await new Promise((resolve) => setImmediate(resolve));
  observer.request(0.5, false);
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches.map((b) => b.length)).toEqual([5, 1]);

  const calls: unknown[][] = [];
  const recorder: OutboxObserver = {
    published: (m, lag) => calls.push(['published', m.eventType, lag]),
    failed: (m, reason) => calls.push(['failed', m.eventType, reason]),
    deadLettered: (m, reason) => calls.push(['deadLettered', m.eventType, reason]),
    request: (seconds, ok) => calls.push(['request', seconds, ok]),
    wakeupDropped: () => calls.push(['wakeupDropped']),
  };
  // Through structured cloning, as between threads.
  for (const observation of structuredClone(batches.flat())) replay(observation, recorder);
  expect(calls).toEqual([
    ['published', 'person.created', 0.012],
    ['failed', 'person.updated', 'Throttling'],
    ['deadLettered', 'person.deleted', 'InvalidParameter'],
    ['request', 0.004, true],
    ['wakeupDropped'],
    ['request', 0.5, false],
  ]);
});
