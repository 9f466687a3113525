import type { Logger } from '../lib/logger.js';
import type { OutboxMessage } from './message.js';
import type { OutboxObserver } from './observer.js';
import type { SettlePlan } from './outcome-plan.js';

/** One log line and the metrics for each message's outcome, with the message's correlation id. */
export function reportOutcomes(
  logger: Logger,
  observer: OutboxObserver,
  messages: readonly OutboxMessage[],
  plan: SettlePlan,
  now: Date,
): void {
  const byId = new Map(messages.map((m) => [m.id, m]));
  for (const p of plan.published) {
    const m = byId.get(p.id);
    if (!m) continue;
    const lagMs = now.getTime() - Date.parse(m.createdAt);
    observer.published(m, lagMs / 1000);
    logger.info({ ...messageFields(m), snsMessageId: p.messageId, lagMs }, 'message published');
  }
  for (const f of plan.failed) {
    const fields = { ...messageFields(f.message), attempts: f.attempts, error: f.error };
    observer.failed(f.message, f.code);
    if (f.nextAttemptAt) {
      const retryInMs = f.nextAttemptAt.getTime() - now.getTime();
      logger.warn({ ...fields, nextAttemptAt: f.nextAttemptAt.toISOString(), retryInMs }, 'message failed; will retry');
    } else {
      observer.deadLettered(f.message, f.code);
      logger.error(fields, 'message dead-lettered');
    }
  }
  for (const h of plan.held) {
    const m = byId.get(h.id);
    if (!m || h.code === 'CircuitOpen') continue;
    observer.failed(m, h.code);
    logger.warn({ ...messageFields(m), error: h.error }, 'message held: the destination is failing every message; no attempt spent');
  }
}

export function messageFields(m: OutboxMessage): Record<string, unknown> {
  return { eventId: m.id, eventType: m.eventType, aggregateId: m.aggregateId, correlationId: m.correlationId, attempt: m.attempts + 1 };
}
