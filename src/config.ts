import path from 'node:path';

/** Typed, frozen configuration read once from the environment at start-up. */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  readonly database: DatabaseConfig;
  readonly adminToken: string | undefined;
  /** Set: /metrics and /admin/* move to their own listener on this port. */
  readonly managementPort: number | undefined;
  readonly managementHost: string;
  readonly metricsRefreshIntervalMs: number;
  /** false only for benchmarks: commands write no events and nothing is published. */
  readonly eventsEnabled: boolean;
  /** The publisher (the AWS SDK) runs in a worker thread of its own (default), or on the main thread. */
  readonly publisherThread: boolean;
  readonly aws: AwsConfig;
  readonly outbox: OutboxConfig;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string; readonly busyTimeoutMs: number }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolMax: number; readonly schema: string | undefined };

export interface AwsConfig {
  readonly region: string;
  /** Unset outside production: events are written to the log instead of SNS. */
  readonly topicArn: string | undefined;
  readonly roleArn: string | undefined;
  readonly externalId: string | undefined;
  readonly roleSessionName: string;
  readonly roleDurationSeconds: number;
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

export interface OutboxConfig {
  readonly pollIntervalMs: number;
  readonly lingerMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly leaseMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxRetries: number;
  readonly breakerThreshold: number;
  readonly breakerHalfOpenAfterMs: number;
  readonly retentionHours: number;
  readonly wakeupCapacity: number;
  readonly degradedAfterSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects every problem before failing, so an operator fixes the environment in one go. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  /** A `secret` value is never quoted back: the message goes to stderr and log collectors. */
  matching(name: string, pattern: RegExp, description: string, options: { secret?: boolean } = {}): string | undefined {
    const raw = this.string(name);
    if (raw !== undefined && !pattern.test(raw)) {
      this.problems.push(`${name} must be ${description} (got ${options.secret ? 'a value that is not shown' : `"${raw}"`})`);
      return undefined;
    }
    return raw;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const POSTGRES_URL = /^postgres(ql)?:\/\//;

export function loadConfig(env: Env = process.env): Config {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const config: Config = {
    nodeEnv,
    host: read.string('HOST') ?? '0.0.0.0',
    port: read.int('PORT', 3000, 0, 65535),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    database: readDatabase(read),
    adminToken: read.matching('ADMIN_TOKEN', /^.{16,}$/, 'at least 16 characters long', { secret: true }),
    managementPort: read.string('MANAGEMENT_PORT') === undefined ? undefined : read.int('MANAGEMENT_PORT', 0, 0, 65535),
    managementHost: read.string('MANAGEMENT_HOST') ?? '127.0.0.1',
    metricsRefreshIntervalMs: read.int('METRICS_REFRESH_INTERVAL_MS', 5_000, 100, 600_000),
    eventsEnabled: read.oneOf('EVENTS_ENABLED', ['true', 'false'] as const, 'true') === 'true',
    publisherThread: read.oneOf('OUTBOX_PUBLISHER_THREAD', ['true', 'false'] as const, 'true') === 'true',
    aws: readAws(read),
    outbox: readOutbox(read),
  };
  if (nodeEnv === 'production' && config.aws.topicArn === undefined) {
    read.problems.push('SNS_TOPIC_ARN is required when NODE_ENV=production');
  }
  if (nodeEnv === 'production' && !config.eventsEnabled) {
    read.problems.push('EVENTS_ENABLED=false is for benchmarks only and is refused when NODE_ENV=production');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(config);
}

function readDatabase(read: EnvReader): DatabaseConfig {
  const url = read.string('DATABASE_URL') ?? 'sqlite:./data/people.db';
  if (POSTGRES_URL.test(url)) {
    return {
      dialect: 'postgres',
      url,
      poolMax: read.int('DB_POOL_MAX', 10, 1, 1000),
      schema: read.matching('DATABASE_SCHEMA', /^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier'),
    };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file === '') read.problems.push('DATABASE_URL must name a SQLite file, e.g. sqlite:./data/people.db');
  // Another scheme (mysql://, a misspelt postgres://) is not a file name to create. Not quoted: it may hold a password.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    read.problems.push('DATABASE_URL must be postgres://..., postgresql://... or sqlite:FILE (got another URL scheme)');
  }
  return {
    dialect: 'sqlite',
    file: file === ':memory:' ? file : path.resolve(file),
    busyTimeoutMs: read.int('SQLITE_BUSY_TIMEOUT_MS', 5_000, 0, 600_000),
  };
}

function readAws(read: EnvReader): AwsConfig {
  return {
    region: read.matching('AWS_REGION', /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1') ?? 'us-east-1',
    topicArn: read.matching('SNS_TOPIC_ARN', TOPIC_ARN, 'an SNS topic ARN'),
    roleArn: read.matching('SNS_ROLE_ARN', ROLE_ARN, 'an IAM role ARN'),
    externalId: read.matching('SNS_EXTERNAL_ID', /^[\w+=,.@:/-]{2,1224}$/, 'an STS external id', { secret: true }),
    roleSessionName: read.matching('SNS_ROLE_SESSION_NAME', /^[\w+=,.@-]{2,64}$/, 'a role session name') ?? 'people-api',
    roleDurationSeconds: read.int('SNS_ROLE_DURATION_SECONDS', 3_600, 900, 43_200),
    requestTimeoutMs: read.int('SNS_REQUEST_TIMEOUT_MS', 5_000, 100, 120_000),
    connectTimeoutMs: read.int('SNS_CONNECT_TIMEOUT_MS', 2_000, 100, 60_000),
  };
}

function readOutbox(read: EnvReader): OutboxConfig {
  return {
    pollIntervalMs: read.int('OUTBOX_POLL_INTERVAL_MS', 1_000, 10, 3_600_000),
    lingerMs: read.int('OUTBOX_LINGER_MS', 10, 0, 1_000),
    batchSize: read.int('OUTBOX_BATCH_SIZE', 50, 1, 1_000),
    concurrency: read.int('OUTBOX_CONCURRENCY', 4, 1, 64),
    leaseMs: read.int('OUTBOX_LEASE_MS', 30_000, 1_000, 3_600_000),
    retryBaseDelayMs: read.int('OUTBOX_RETRY_BASE_DELAY_MS', 1_000, 1, 3_600_000),
    retryMaxDelayMs: read.int('OUTBOX_RETRY_MAX_DELAY_MS', 300_000, 1, 86_400_000),
    maxRetries: read.int('OUTBOX_MAX_RETRIES', 3, 0, 100),
    breakerThreshold: read.int('CIRCUIT_BREAKER_THRESHOLD', 5, 1, 1_000),
    breakerHalfOpenAfterMs: read.int('CIRCUIT_BREAKER_HALF_OPEN_AFTER_MS', 30_000, 10, 3_600_000),
    retentionHours: read.int('OUTBOX_RETENTION_HOURS', 168, 1, 87_600),
    wakeupCapacity: read.int('OUTBOX_WAKEUP_CAPACITY', 1_000, 1, 1_000_000),
    degradedAfterSeconds: read.int('OUTBOX_DEGRADED_AFTER_SECONDS', 60, 1, 86_400),
  };
}
