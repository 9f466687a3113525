import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../support/fake-aws/index.js';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:people-events';
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/people-api-publisher';
/** Base credentials the SDK finds in the environment; they must never show up in a log. */
export const BASE_ACCESS_KEY_ID = 'AKIATESTBASEKEY00001';
export const BASE_SECRET_ACCESS_KEY = 'base-secret-that-must-never-be-logged';

/**
 * Points the AWS SDK of this process (and of children given `env`) at the fake, and returns the
 * app settings for fast tests: short polls, retries and breaker delays.
 */
export function awsEnvFor(fake: FakeAws, overrides: Record<string, string> = {}): Record<string, string> {
  const sdkEnv = {
    AWS_ENDPOINT_URL_SNS: fake.url,
    AWS_ENDPOINT_URL_STS: fake.url,
    AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: BASE_SECRET_ACCESS_KEY,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  Object.assign(process.env, sdkEnv);
  delete process.env['AWS_SESSION_TOKEN'];
  delete process.env['AWS_PROFILE'];
  return {
    ...sdkEnv,
    AWS_REGION: 'us-east-1',
    SNS_TOPIC_ARN: TOPIC_ARN,
    SNS_ROLE_ARN: ROLE_ARN,
    SNS_EXTERNAL_ID: 'people-api-test',
    SNS_REQUEST_TIMEOUT_MS: '1000',
    OUTBOX_POLL_INTERVAL_MS: '50',
    OUTBOX_RETRY_BASE_DELAY_MS: '50',
    OUTBOX_MAX_RETRIES: '3',
    CIRCUIT_BREAKER_THRESHOLD: '50',
    CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS: '300',
    ...overrides,
  };
}

export async function startFake(options: FakeAwsOptions = {}): Promise<FakeAws> {
  return startFakeAws(options);
}

export interface CloudEvent {
  specversion: string;
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: string;
  correlationid: string;
  traceparent?: string;
  data: Record<string, unknown>;
}

export function parseEvent(body: string): CloudEvent {
  return JSON.parse(body) as CloudEvent;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
