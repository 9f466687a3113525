import { created, summarize, type LoadFigures } from './load.js';
import { runPacedLoad } from './paced-load.js';
import { distribution, type Distribution } from './percentiles.js';
import { fetchMetrics, histogramDelta, parseHistogram, sampleValue, shareAtOrBelow } from './prometheus.js';
import type { Stack } from './stack.js';
import { waitUntil } from './timing.js';

export interface DeliveryLagOptions {
  /** Requests per second, evenly paced (see paced-load.ts). */
  readonly rate: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

export interface DeliveryLagFigures {
  readonly method: string;
  readonly rate: number;
  readonly load: LoadFigures;
  /** The figure the target is about: CloudEvent `time` to the fake SNS's receipt, ms. */
  readonly lagMs: Distribution;
  /** The dispatcher's share: the client's receipt of the 201 to the fake SNS's receipt, ms. */
  readonly afterResponseMs: Distribution;
  /** Cross-check: share of deliveries at or under 50 ms per the server's outbox_delivery_lag_seconds histogram. */
  readonly metricsShareUnder50ms: number | null;
  /** What the dispatcher did meanwhile (from /metrics): PublishBatch requests, messages per request, mean request time. */
  readonly publish: { readonly requests: number; readonly messagesPerRequest: number | null; readonly meanMs: number | null };
  /** Messages of the measurement still unpublished 15 s after its last request (should be 0). */
  readonly undelivered: number;
}

export const LAG_METHOD =
  "per message, the fake SNS's receipt time minus the CloudEvent `time` (the server stamps it when the command starts, just before its " +
  'transaction; the row commits a few ms later), one clock; also the receipt time minus the moment the client got the 201 (after the commit)';

const LAG_HISTOGRAM = 'outbox_delivery_lag_seconds';

/**
 * Delivery lag at a fixed, moderate request rate on a stack whose fake SNS is healthy. Starts
 * once every earlier message has been delivered, so a backlog left by earlier load is not counted.
 */
export async function measureDeliveryLag(stack: Stack, options: DeliveryLagOptions): Promise<DeliveryLagFigures> {
  const { server, fake } = stack;
  const rated = { url: server.url, connections: options.connections, rate: options.rate };
  await runPacedLoad({ ...rated, durationSeconds: options.warmupSeconds });
  await settled(stack);
  const from = (await fake.stats()).count;
  const before = await fetchMetrics(server.url);
  const answeredAt = new Map<string, number>();
  const run = await runPacedLoad({
    ...rated,
    durationSeconds: options.durationSeconds,
    onResponse: (status, body) => {
      if (status === 201) answeredAt.set(personId(body), Date.now());
    },
  });
  const expected = from + created([run]);
  await waitUntil(async () => (await fake.stats()).count >= expected, 15_000, 'every message of the measurement').catch(() => undefined);
  const deliveries = (await fake.deliveries(from)).filter((d) => answeredAt.has(d.subject));
  const after = await fetchMetrics(server.url);
  const lagHistogram = parseHistogram(after, LAG_HISTOGRAM);
  const delta = (name: string, labels: Record<string, string> = {}): number => sampleValue(after, name, labels) - sampleValue(before, name, labels);
  const requests = delta('sns_publish_duration_seconds_count', { outcome: 'success' });
  const published = delta('outbox_published_total', { event_type: 'person.created' });
  return {
    method: LAG_METHOD,
    rate: options.rate,
    load: summarize([run]),
    lagMs: distribution(deliveries.map((d) => d.receivedAt - d.eventTime)),
    afterResponseMs: distribution(deliveries.map((d) => d.receivedAt - (answeredAt.get(d.subject) ?? Number.NaN))),
    metricsShareUnder50ms: lagHistogram ? shareAtOrBelow(histogramDelta(lagHistogram, parseHistogram(before, LAG_HISTOGRAM)), 0.05) : null,
    publish: {
      requests,
      messagesPerRequest: requests > 0 ? published / requests : null,
      meanMs: requests > 0 ? (delta('sns_publish_duration_seconds_sum', { outcome: 'success' }) * 1_000) / requests : null,
    },
    undelivered: Math.max(0, answeredAt.size - deliveries.length),
  };
}

function personId(body: string): string {
  try {
    const person = JSON.parse(body) as { id?: unknown };
    return typeof person.id === 'string' ? person.id : '';
  } catch {
    return '';
  }
}

/** Waits (up to 30 s) until the fake's message count stops growing for 300 ms. */
async function settled(stack: Stack): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  await waitUntil(
    async () => {
      const { count } = await stack.fake.stats();
      if (count !== last) {
        last = count;
        stableSince = Date.now();
      }
      return Date.now() - stableSince >= 300;
    },
    30_000,
    'earlier messages to be delivered',
  );
}
