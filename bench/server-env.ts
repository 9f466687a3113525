/** What the fake AWS accepts: any topic of its account, any role; the base key must then assume the role. */
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:people-events-bench';
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/people-api-publisher';
const BASE_ACCESS_KEY_ID = 'AKIABENCHBASEKEY0001';
const BASE_SECRET_ACCESS_KEY = 'bench-base-secret';

export interface ServerEnvOptions {
  /** DATABASE_URL (and DATABASE_SCHEMA) of the bench database. */
  readonly database: Record<string, string>;
  /** The fake AWS: STS always, SNS unless `snsUrl` says otherwise. */
  readonly fakeUrl: string;
  readonly snsUrl?: string;
  readonly eventsEnabled: boolean;
  /** Scenario settings, e.g. OUTBOX_BATCH_SIZE. */
  readonly extra?: Record<string, string>;
}

/**
 * The server's environment: product defaults for every outbox and SNS setting (the bench
 * measures what ships), warn-level logging, and AWS pointed at the fake with an assumed role.
 */
export function serverEnv(options: ServerEnvOptions): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...options.database,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SNS: options.snsUrl ?? options.fakeUrl,
    AWS_ENDPOINT_URL_STS: options.fakeUrl,
    AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: BASE_SECRET_ACCESS_KEY,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SNS_TOPIC_ARN: TOPIC_ARN,
    SNS_ROLE_ARN: ROLE_ARN,
    EVENTS_ENABLED: String(options.eventsEnabled),
    ...options.extra,
  };
}
