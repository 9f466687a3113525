import type { OutboxMessage } from './message.js';
import type { Failed, Published } from './outbox-repository.js';
import type { PublishOutcome } from './publisher.js';
import { nextAttemptAt, type RetryPolicy } from './retry-schedule.js';

/** What to write back for one cycle's outcomes. */
export interface SettlePlan {
  readonly published: Published[];
  /** Transient failures (retry later) and permanent ones or exhausted retries (dead letters). */
  readonly failed: (Failed & { readonly message: OutboxMessage; readonly code: string })[];
  /** Not attempted or failed for a reason outside the message: handed back without spending an attempt. */
  readonly held: { readonly id: string; readonly code: string; readonly error: string }[];
}

export function planSettlement(
  messages: readonly OutboxMessage[],
  outcomes: readonly PublishOutcome[],
  now: Date,
  policy: RetryPolicy,
): SettlePlan {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const plan: SettlePlan = { published: [], failed: [], held: [] };
  for (const outcome of outcomes) {
    const message = byId.get(outcome.id);
    if (!message) continue;
    if (outcome.ok) {
      plan.published.push({ id: outcome.id, messageId: outcome.messageId });
      continue;
    }
    const { kind, code, message: text } = outcome.failure;
    const error = `${code}: ${text}`;
    if (kind === 'configuration' || outcome.held === true) {
      plan.held.push({ id: outcome.id, code, error });
      continue;
    }
    const attempts = message.attempts + 1;
    const next = kind === 'permanent' ? null : nextAttemptAt(attempts, now, policy);
    plan.failed.push({ id: outcome.id, attempts, error, nextAttemptAt: next, message, code });
  }
  return plan;
}
