import { parseEvent, type CloudEvent } from '../../helpers/aws.js';
import type { FakeAws, RecordedMessage } from '../../support/fake-aws/index.js';
import { waitFor } from './instances.js';

/** An event that must reach SNS: the person (CloudEvent subject) and the event type. */
export interface ExpectedEvent {
  readonly subject: string;
  readonly type: string;
}

export interface Delivery {
  readonly expected: number;
  /** Expected events that arrived (each counted once). */
  readonly delivered: number;
  /** Messages beyond the first of the same event id (at-least-once re-deliveries). */
  readonly duplicates: number;
  /** Expected events that never arrived. */
  readonly lost: readonly ExpectedEvent[];
  /** Every message that arrived, parsed, in arrival order. */
  readonly events: readonly (CloudEvent & { readonly receivedAt: Date })[];
}

const key = (e: ExpectedEvent): string => `${e.type} ${e.subject}`;

export function createdEvents(ids: readonly string[]): ExpectedEvent[] {
  return ids.map((subject) => ({ subject, type: 'person.created' }));
}

export function analyseDelivery(messages: readonly RecordedMessage[], expected: readonly ExpectedEvent[]): Delivery {
  const events = messages.map((m) => ({ ...parseEvent(m.message), receivedAt: m.receivedAt }));
  const copies = new Map<string, number>();
  for (const event of events) copies.set(event.id, (copies.get(event.id) ?? 0) + 1);
  const arrived = new Set(events.map((e) => key({ subject: e.subject, type: e.type })));
  const wanted = new Map(expected.map((e) => [key(e), e]));
  const lost = [...wanted.entries()].filter(([k]) => !arrived.has(k)).map(([, e]) => e);
  return {
    expected: wanted.size,
    delivered: wanted.size - lost.length,
    duplicates: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
    lost,
    events,
  };
}

/** Waits until every expected event has arrived (or `timeoutMs`), then returns the analysis. */
export async function awaitDelivery(fake: FakeAws, expected: readonly ExpectedEvent[], timeoutMs: number): Promise<Delivery> {
  await waitFor(() => analyseDelivery(fake.messages, expected).lost.length === 0, timeoutMs);
  return analyseDelivery(fake.messages, expected);
}

/**
 * Subjects whose events did not arrive in `order` (first arrival of each event counts). A
 * subject with fewer event types than `order` is checked on those it has.
 */
export function outOfOrder(delivery: Delivery, order: readonly string[]): string[] {
  const seen = new Map<string, string[]>();
  const firsts = new Set<string>();
  for (const event of delivery.events) {
    if (firsts.has(event.id)) continue;
    firsts.add(event.id);
    seen.set(event.subject, [...(seen.get(event.subject) ?? []), event.type]);
  }
  const bad: string[] = [];
  for (const [subject, types] of seen) {
    const ranks = types.map((t) => order.indexOf(t));
    if (ranks.some((rank, i) => rank < 0 || (i > 0 && rank <= (ranks[i - 1] ?? -1)))) bad.push(`${subject}: ${types.join(' > ')}`);
  }
  return bad;
}

/** "lost 2: person.created 0193..., ..." for assertion messages. */
export function describeLost(delivery: Delivery, max = 5): string {
  const sample = delivery.lost.slice(0, max).map(key).join(', ');
  return `lost ${delivery.lost.length} of ${delivery.expected}${sample ? `: ${sample}` : ''}`;
}
