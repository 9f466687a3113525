/**
 * The fake AWS (STS + SNS) in a process of its own, so its work (SigV4 checks, XML) does not
 * share an event loop with the load generator that measures latencies. Started by fake-aws.ts
 * over IPC; exits when the bench disconnects.
 */
import { setMaxListeners } from 'node:events';
import { startFakeAws, type RecordedMessage } from '../test/support/fake-aws/index.js';
import { FAULTS_ENV, PORT_ENV, type Delivery, type FakeFaults, type FakeReply, type FakeRequest } from './fake-aws-protocol.js';

// A delayed or hanging call waits on an AbortSignal; ten connections make more than ten waiters.
setMaxListeners(10_000);

/** Every recorded message, in arrival order, reduced to what the bench measures. */
const deliveries: Delivery[] = [];

function record(message: RecordedMessage): void {
  deliveries.push({ ...cloudEvent(message.message), receivedAt: message.receivedAt.getTime() });
}

/** `subject` and `time` of a CloudEvent body ('' and NaN when absent). */
function cloudEvent(body: string): { subject: string; eventTime: number } {
  try {
    const event = JSON.parse(body) as { subject?: unknown; time?: unknown };
    return {
      subject: typeof event.subject === 'string' ? event.subject : '',
      eventTime: typeof event.time === 'string' ? Date.parse(event.time) : Number.NaN,
    };
  } catch {
    return { subject: '', eventTime: Number.NaN };
  }
}

function send(reply: FakeReply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const faults = JSON.parse(process.env[FAULTS_ENV] ?? '{}') as FakeFaults;
  const fake = await startFakeAws({ faults, port: Number(process.env[PORT_ENV] ?? 0), onMessage: record });
  const shutdown = (): void => {
    void fake.close().finally(() => process.exit(0));
  };
  process.on('disconnect', shutdown);
  process.on('message', (request: FakeRequest) => {
    if (request.op === 'stats') {
      const stats = {
        count: deliveries.length,
        snsRequests: fake.snsRequests,
        firstReceivedAt: deliveries[request.from]?.receivedAt ?? null,
        lastReceivedAt: deliveries.length > request.from ? (deliveries.at(-1)?.receivedAt ?? null) : null,
      };
      send({ type: 'result', id: request.id, stats });
    } else if (request.op === 'deliveries') {
      send({ type: 'result', id: request.id, deliveries: deliveries.slice(request.from) });
    } else {
      send({ type: 'result', id: request.id });
      shutdown();
    }
  });
  send({ type: 'ready', url: fake.url });
}

await main();
