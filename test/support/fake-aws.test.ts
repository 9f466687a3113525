/** Exercises the fake AWS with the real SDK clients the service uses. */
import {
  GetTopicAttributesCommand,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
  type MessageAttributeValue,
  type PublishBatchRequestEntry,
} from '@aws-sdk/client-sns';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeAws, type FakeAws } from './fake-aws/index.js';

const REGION = 'us-east-1';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/people-api-publisher';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:people-events';
const FIFO_TOPIC = 'arn:aws:sns:us-east-1:000000000000:people-events.fifo';

interface SdkFailure {
  name: string;
  status: number | undefined;
  code: string | undefined;
  message: string;
}

/** Awaits an SDK call that must fail and returns the parts tests assert on. */
async function failure(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const { $metadata, code } = error as { $metadata?: { httpStatusCode?: number }; code?: unknown };
    return { name: error.name, status: $metadata?.httpStatusCode, code: typeof code === 'string' ? code : undefined, message: error.message };
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}

const attr = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

let fake: FakeAws;
const clients: SNSClient[] = [];

/** SNS client on assumed-role credentials, no retries, 300 ms request timeout. */
function roleClient(target: FakeAws = fake, overrides: { maxAttempts?: number; requestTimeout?: number } = {}): SNSClient {
  const client = new SNSClient({
    region: REGION,
    endpoint: target.url,
    maxAttempts: overrides.maxAttempts ?? 1,
    // Without throwOnRequestTimeout the installed NodeHttpHandler only *warns* on requestTimeout.
    requestHandler: { requestTimeout: overrides.requestTimeout ?? 300, throwOnRequestTimeout: true },
    credentials: fromTemporaryCredentials({
      params: { RoleArn: ROLE_ARN, RoleSessionName: 'people-api-test', ExternalId: 'ext-123' },
      clientConfig: { region: REGION, endpoint: target.url },
    }),
  });
  clients.push(client);
  return client;
}

function staticClient(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, target: FakeAws = fake): SNSClient {
  const client = new SNSClient({ region: REGION, endpoint: target.url, maxAttempts: 1, credentials });
  clients.push(client);
  return client;
}

const publish = (client: SNSClient, message = 'hello', topicArn = TOPIC): Promise<unknown> =>
  client.send(new PublishCommand({ TopicArn: topicArn, Message: message }));

const entries = (count: number, body = (i: number): string => `m${i}`): PublishBatchRequestEntry[] =>
  Array.from({ length: count }, (_, i) => ({ Id: `e${i}`, Message: body(i) }));

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test-base-key');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-base-secret');
  fake = await startFakeAws();
});

afterAll(async () => {
  await fake.close();
  vi.unstubAllEnvs();
});

beforeEach(() => {
  fake.reset();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

describe('STS AssumeRole + SNS Publish', () => {
  it('records the message, its attributes and the assumed-role key that signed it', async () => {
    const client = roleClient();
    const result = await client.send(
      new PublishCommand({
        TopicArn: TOPIC,
        Message: '{"id":"p-1"}',
        MessageAttributes: { eventType: attr('person.created'), correlationId: attr('corr-1') },
      }),
    );

    const [call] = fake.assumeRoleCalls;
    expect(fake.assumeRoleCalls).toHaveLength(1);
    expect(call).toMatchObject({ roleArn: ROLE_ARN, roleSessionName: 'people-api-test', externalId: 'ext-123', accessKeyId: 'test-base-key' });
    expect(call?.issuedAccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);

    const [message] = await fake.waitForMessages(1, 1000);
    expect(message).toMatchObject({
      action: 'Publish',
      topicArn: TOPIC,
      messageId: result.MessageId,
      message: '{"id":"p-1"}',
      messageAttributes: { eventType: attr('person.created'), correlationId: attr('corr-1') },
      accessKeyId: call?.issuedAccessKeyId,
    });
    expect(result.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.$metadata.requestId).toBeTruthy();
    expect(fake.snsRequests).toBe(1);
  });

  it('issues credentials that expire after DurationSeconds, or after the configured lifetime', async () => {
    await publish(roleClient());
    const first = fake.assumeRoleCalls[0]?.expiration?.getTime() ?? 0;
    expect(first - Date.now()).toBeGreaterThan(3500 * 1000); // default 3600 s

    fake.setFault({ credentialLifetimeSeconds: 60 });
    const client = roleClient();
    for (const body of ['a', 'b']) {
      const before = fake.assumeRoleCalls.length;
      await publish(client, body);
      // The SDK refreshes credentials expiring within 5 minutes, so a 60 s lifetime re-assumes on every call
      // (observed: 3 AssumeRole calls for the first publish, 2 for each later one).
      expect(fake.assumeRoleCalls.length).toBeGreaterThan(before);
      const latest = fake.assumeRoleCalls.at(-1);
      expect(fake.messages.at(-1)?.accessKeyId).toBe(latest?.issuedAccessKeyId);
      expect((latest?.expiration?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(60_000);
    }
  });

  it('answers AccessDenied while assumeRoleDenied is set, and SNS is never reached', async () => {
    fake.setFault({ assumeRoleDenied: true });
    const error = await failure(publish(roleClient()));
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(error.message).toContain(`sts:AssumeRole on resource: ${ROLE_ARN}`);
    expect(fake.assumeRoleCalls).toHaveLength(1);
    expect(fake.snsRequests).toBe(0);

    fake.setFault({ assumeRoleDenied: false });
    await publish(roleClient());
    expect(fake.messages).toHaveLength(1);
  });
});

describe('SNS authentication', () => {
  it('rejects unsigned requests with MissingAuthenticationToken', async () => {
    const response = await fetch(fake.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=Publish&Version=2010-03-31&TopicArn=${encodeURIComponent(TOPIC)}&Message=x`,
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(fake.messages).toHaveLength(0);
  });

  it('rejects the base key with InvalidClientTokenId unless requireAssumedRole is false', async () => {
    const base = { accessKeyId: 'test-base-key', secretAccessKey: 'test-base-secret' };
    expect(await failure(publish(staticClient(base)))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(fake.messages).toHaveLength(0);

    const open = await startFakeAws({ requireAssumedRole: false });
    try {
      await publish(staticClient(base, open));
      expect(open.messages[0]).toMatchObject({ accessKeyId: 'test-base-key', message: 'hello' });
    } finally {
      await open.close();
    }
  });

  it('checks session token, HMAC signature and expiry of issued keys', async () => {
    await publish(roleClient());
    const issued = fake.issuedCredentials[0];
    if (!issued) throw new Error('no credentials issued');
    const { accessKeyId, secretAccessKey, sessionToken } = issued;

    const wrongToken = staticClient({ accessKeyId, secretAccessKey, sessionToken: 'not-the-token' });
    expect(await failure(publish(wrongToken))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    const wrongSecret = staticClient({ accessKeyId, secretAccessKey: 'wrong', sessionToken });
    expect(await failure(publish(wrongSecret))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });

    fake.expireCredentials();
    const expired = staticClient({ accessKeyId, secretAccessKey, sessionToken });
    expect(await failure(publish(expired))).toMatchObject({ name: 'ExpiredToken', status: 403 });
    expect(fake.messages).toHaveLength(1);
  });
});

describe('SNS limits', () => {
  it('accepts a batch of 10 and rejects 11 with TooManyEntriesInBatchRequest', async () => {
    const client = roleClient();
    const ok = await client.send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: entries(10) }));
    expect(ok.Successful?.map((s) => s.Id)).toEqual(entries(10).map((e) => e.Id));
    expect(ok.Failed ?? []).toEqual([]);
    expect(fake.messages.map((m) => [m.batchEntryId, m.message, m.action])).toEqual(
      entries(10).map((e) => [e.Id, e.Message, 'PublishBatch']),
    );

    const tooMany = client.send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: entries(11) }));
    expect(await failure(tooMany)).toMatchObject({ name: 'TooManyEntriesInBatchRequestException', status: 400 });
    expect(fake.messages).toHaveLength(10);
  });

  it('enforces 256 KiB payloads, distinct entry ids and FIFO group ids', async () => {
    const client = roleClient();
    const big = 'x'.repeat(140_000);
    const batch = client.send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: entries(2, () => big) }));
    expect(await failure(batch)).toMatchObject({ name: 'BatchRequestTooLongException', status: 400 });
    expect(await failure(publish(client, 'x'.repeat(262_145)))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    await publish(client, 'x'.repeat(262_144)); // exactly at the limit is fine

    const dupes = [{ Id: 'same', Message: 'a' }, { Id: 'same', Message: 'b' }];
    const dupBatch = client.send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: dupes }));
    expect(await failure(dupBatch)).toMatchObject({ name: 'BatchEntryIdsNotDistinctException', status: 400 });

    const noGroup = await failure(publish(client, 'fifo', FIFO_TOPIC));
    expect(noGroup).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(noGroup.message).toContain('MessageGroupId');
    expect(fake.messages).toHaveLength(1);
  });

  it('returns SequenceNumber for FIFO topics and records group and dedup ids', async () => {
    const client = roleClient();
    const input = { TopicArn: FIFO_TOPIC, Message: 'f', MessageGroupId: 'person-1', MessageDeduplicationId: 'evt-1' };
    const first = await client.send(new PublishCommand(input));
    const second = await client.send(new PublishCommand({ ...input, MessageDeduplicationId: 'evt-2' }));
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(second.SequenceNumber ?? '0')).toBeGreaterThan(BigInt(first.SequenceNumber ?? '0'));
    expect(fake.messages[0]).toMatchObject({ messageGroupId: 'person-1', messageDeduplicationId: 'evt-1', sequenceNumber: first.SequenceNumber });

    const attributes = await client.send(new GetTopicAttributesCommand({ TopicArn: FIFO_TOPIC }));
    expect(attributes.Attributes).toMatchObject({ TopicArn: FIFO_TOPIC, FifoTopic: 'true' });
  });

  it('rejects a String attribute without a value (InvalidParameterValue)', async () => {
    const command = new PublishCommand({ TopicArn: TOPIC, Message: 'x', MessageAttributes: { correlationId: attr('') } });
    expect(await failure(roleClient().send(command))).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  });
});

describe('fault injection', () => {
  it('puts rejected batch entries in Failed while the others succeed', async () => {
    fake.setFault({ rejectMessage: (body) => body === 'poison' });
    const batch = [{ Id: 'a', Message: 'ok-1' }, { Id: 'b', Message: 'poison' }, { Id: 'c', Message: 'ok-2' }];
    const result = await roleClient().send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: batch }));
    expect(result.Successful?.map((s) => s.Id)).toEqual(['a', 'c']);
    expect(result.Failed).toEqual([
      { Id: 'b', Code: 'InvalidParameter', Message: expect.stringContaining('Invalid parameter') as unknown, SenderFault: true },
    ]);
    expect(fake.messages.map((m) => m.message)).toEqual(['ok-1', 'ok-2']);
  });

  it('can reject entries with a retryable server-side code', async () => {
    fake.setFault({ rejectMessage: (body) => (body === 'later' ? { code: 'InternalError', senderFault: false } : false) });
    const batch = [{ Id: 'a', Message: 'later' }, { Id: 'b', Message: 'now' }];
    const result = await roleClient().send(new PublishBatchCommand({ TopicArn: TOPIC, PublishBatchRequestEntries: batch }));
    expect(result.Failed).toMatchObject([{ Id: 'a', Code: 'InternalError', SenderFault: false }]);
    expect(await failure(publish(roleClient(), 'later'))).toMatchObject({ name: 'InternalErrorException', status: 500 });
  });

  it.each([
    [{ status5xx: 500 as const }, 'InternalErrorException', 500],
    [{ status5xx: 503 as const }, 'ServiceUnavailable', 503],
    [{ throttle: true }, 'Throttling', 400],
    [{ throttle: 'Throttled' as const }, 'ThrottledException', 429],
    [{ authorizationError: true }, 'AuthorizationErrorException', 403],
    [{ topicNotFound: true }, 'NotFoundException', 404],
    [{ missingTopics: [TOPIC] }, 'NotFoundException', 404],
  ])('switch %j surfaces as %s (%i)', async (patch, name, status) => {
    fake.setFault(patch);
    expect(await failure(publish(roleClient()))).toMatchObject({ name, status });
    expect(fake.messages).toHaveLength(0);
    expect(fake.snsRequests).toBe(1);
    fake.clearFaults();
    await publish(roleClient());
    expect(fake.messages).toHaveLength(1);
  });

  it('failNext fails exactly N calls, then recovers', async () => {
    fake.failNext(2, 'internalError');
    fake.failNext(1, 'throttling');
    const client = roleClient();
    expect((await failure(publish(client))).name).toBe('InternalErrorException');
    expect((await failure(publish(client))).name).toBe('InternalErrorException');
    expect((await failure(publish(client))).name).toBe('Throttling');
    expect(fake.faults.pendingFailures).toBe(0);
    await publish(client);
    expect(fake.snsRequests).toBe(4);
    expect(fake.messages).toHaveLength(1);
  });

  it('lets the SDK retry through failNext when retries are enabled', async () => {
    fake.failNext(2, 'internalError');
    const result = await roleClient(fake, { maxAttempts: 3 }).send(new PublishCommand({ TopicArn: TOPIC, Message: 'retried' }));
    expect(result.$metadata.attempts).toBe(3);
    expect(fake.snsRequests).toBe(3);
    expect(fake.messages.map((m) => m.message)).toEqual(['retried']);
  });

  it('delays answers by delayMs', async () => {
    fake.setFault({ delayMs: 150 });
    const client = roleClient(fake, { requestTimeout: 2000 });
    const started = Date.now();
    await publish(client);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(fake.messages).toHaveLength(1);
  });

  it('destroys the connection on reset (SDK: TimeoutError with code ECONNRESET)', async () => {
    fake.failNext(1, 'reset');
    expect(await failure(publish(roleClient()))).toMatchObject({ name: 'TimeoutError', code: 'ECONNRESET', status: undefined });
    expect(fake.messages).toHaveLength(0);
    expect(fake.snsRequests).toBe(1);
  });

  it('hangs until the client times out (TimeoutError ETIMEDOUT) and drops the abandoned call', async () => {
    fake.setFault({ hang: true });
    expect(await failure(publish(roleClient()))).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.setFault({ hang: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.messages).toHaveLength(0);
  });

  it('processes hung calls normally once the hang is cleared', async () => {
    fake.setFault({ hang: true });
    const pending = publish(roleClient(fake, { requestTimeout: 2000 }), 'held');
    await vi.waitFor(() => {
      expect(fake.snsRequests).toBe(1);
    });
    expect(fake.messages).toHaveLength(0);
    fake.clearFaults();
    await pending;
    expect(fake.messages.map((m) => m.message)).toEqual(['held']);
  });

  it('close() returns promptly and releases hanging requests', async () => {
    const other = await startFakeAws({ faults: { hang: true } });
    const pending = failure(publish(roleClient(other, { requestTimeout: 10_000 })));
    await vi.waitFor(() => {
      expect(other.snsRequests).toBe(1);
    });
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect((await pending).name).toBe('TimeoutError'); // socket hang up -> ECONNRESET
  });

  it('close() also cuts connections stuck mid-request', async () => {
    const other = await startFakeAws();
    const socket = connect(other.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      socket.once('connect', () => {
        resolve();
      });
    });
    const closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        resolve();
      });
    });
    // Headers promise 100 body bytes; only 6 arrive, so the server is still reading the body.
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nAction');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await other.close();
    await closed;
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('waitForMessages rejects with a count of what arrived', async () => {
    await publish(roleClient());
    await expect(fake.waitForMessages(2, 100)).rejects.toThrow(/expected at least 2 message\(s\) within 100 ms, but 1 arrived/);
  });
});
