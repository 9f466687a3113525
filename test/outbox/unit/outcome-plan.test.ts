import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/outbox/message.js';
import { planSettlement } from '../../../src/outbox/outcome-plan.js';
import type { PublishFailure, PublishOutcome } from '../../../src/outbox/publisher.js';
import type { RetryPolicy } from '../../../src/outbox/retry-schedule.js';

const POLICY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 300_000, maxRetries: 3 };
const NOW = new Date('2024-05-01T12:00:00.000Z');

function message(id: string, attempts = 0): OutboxMessage {
  return {
    id,
    seq: 1,
    eventType: 'person.created',
    aggregateType: 'person',
    aggregateId: 'p-1',
    payload: '{}',
    correlationId: 'corr-1',
    traceparent: null,
    createdAt: '2024-05-01T11:59:00.000Z',
    attempts,
  };
}

function failed(id: string, failure: PublishFailure): PublishOutcome {
  return { id, ok: false, failure };
}

const THROTTLED: PublishFailure = { kind: 'transient', code: 'Throttling', message: 'slow down' };

describe('planSettlement', () => {
  it('an ok outcome is published with its messageId', () => {
    const plan = planSettlement([message('a')], [{ id: 'a', ok: true, messageId: 'sns-1' }], NOW, POLICY);
    expect(plan).toEqual({ published: [{ id: 'a', messageId: 'sns-1' }], failed: [], held: [] });
  });

  it('a transient failure spends an attempt and is retried on the schedule', () => {
    const m = message('a', 0);
    const plan = planSettlement([m], [failed('a', THROTTLED)], NOW, POLICY);
    expect(plan.published).toEqual([]);
    expect(plan.held).toEqual([]);
    expect(plan.failed).toEqual([
      { id: 'a', attempts: 1, error: 'Throttling: slow down', nextAttemptAt: new Date('2024-05-01T12:00:01.000Z'), message: m, code: 'Throttling' },
    ]);
  });

  it('follows the schedule with the attempts already spent: 2 s after the 2nd failure, 4 s after the 3rd', () => {
    const plan = planSettlement([message('a', 1), message('b', 2)], [failed('a', THROTTLED), failed('b', THROTTLED)], NOW, POLICY);
    expect(plan.failed.map((f) => [f.id, f.attempts, f.nextAttemptAt?.toISOString()])).toEqual([
      ['a', 2, '2024-05-01T12:00:02.000Z'],
      ['b', 3, '2024-05-01T12:00:04.000Z'],
    ]);
  });

  it('a transient failure after maxRetries retries is dead (nextAttemptAt null)', () => {
    const plan = planSettlement([message('a', 3)], [failed('a', THROTTLED)], NOW, POLICY);
    expect(plan.failed).toHaveLength(1);
    expect(plan.failed[0]).toMatchObject({ id: 'a', attempts: 4, nextAttemptAt: null, code: 'Throttling' });
  });

  it('a permanent failure is dead at once', () => {
    const failure: PublishFailure = { kind: 'permanent', code: 'MessageTooLarge', message: 'too big' };
    const plan = planSettlement([message('a', 0)], [failed('a', failure)], NOW, POLICY);
    expect(plan.failed).toHaveLength(1);
    expect(plan.failed[0]).toMatchObject({ id: 'a', attempts: 1, nextAttemptAt: null, error: 'MessageTooLarge: too big', code: 'MessageTooLarge' });
    expect(plan.published).toEqual([]);
    expect(plan.held).toEqual([]);
  });

  it('a configuration failure is held without spending an attempt', () => {
    const failure: PublishFailure = { kind: 'configuration', code: 'AuthorizationError', message: 'not allowed' };
    const plan = planSettlement([message('a', 2)], [failed('a', failure)], NOW, POLICY);
    expect(plan).toEqual({ published: [], failed: [], held: [{ id: 'a', code: 'AuthorizationError', error: 'AuthorizationError: not allowed' }] });
  });

  it('sorts a mixed batch and ignores outcomes for messages it was not given', () => {
    const plan = planSettlement(
      [message('a'), message('b'), message('c')],
      [
        { id: 'a', ok: true, messageId: 'm-a' },
        failed('b', { kind: 'configuration', code: 'NotFound', message: 'no topic' }),
        failed('c', THROTTLED),
        { id: 'zzz', ok: true, messageId: 'm-z' },
      ],
      NOW,
      POLICY,
    );
    expect(plan.published).toEqual([{ id: 'a', messageId: 'm-a' }]);
    expect(plan.held).toEqual([{ id: 'b', code: 'NotFound', error: 'NotFound: no topic' }]);
    expect(plan.failed.map((f) => f.id)).toEqual(['c']);
  });
});
