import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:people-events';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  describe('defaults', () => {
    const config = loadConfig({});

    it('listens on 0.0.0.0:3000 at log level info in development', () => {
      expect(config).toMatchObject({ nodeEnv: 'development', host: '0.0.0.0', port: 3000, logLevel: 'info', shutdownTimeoutMs: 10_000 });
    });

    it('uses the SQLite file ./data/people.db, resolved to an absolute path', () => {
      expect(config.database).toEqual({ dialect: 'sqlite', file: path.resolve('data/people.db'), busyTimeoutMs: 5_000 });
      expect(path.isAbsolute(config.database.dialect === 'sqlite' ? config.database.file : '')).toBe(true);
    });

    it('has no SNS topic, no admin token, and us-east-1', () => {
      expect(config.aws).toMatchObject({ region: 'us-east-1', topicArn: undefined, roleArn: undefined });
      expect(config.adminToken).toBeUndefined();
    });

    it('runs the publisher in a thread of its own', () => {
      expect(config.publisherThread).toBe(true);
      expect(loadConfig({ OUTBOX_PUBLISHER_THREAD: 'false' }).publisherThread).toBe(false);
    });

    it('is frozen', () => {
      expect(Object.isFrozen(config)).toBe(true);
    });

    it('treats empty and blank variables as unset', () => {
      expect(loadConfig({ PORT: '', LOG_LEVEL: '   ', DATABASE_URL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
    });
  });

  describe('reads', () => {
    it('port, host, level and environment', () => {
      expect(loadConfig({ PORT: ' 8080 ', HOST: '127.0.0.1', LOG_LEVEL: 'debug', NODE_ENV: 'test' })).toMatchObject({
        port: 8080,
        host: '127.0.0.1',
        logLevel: 'debug',
        nodeEnv: 'test',
      });
      expect(loadConfig({ PORT: '0' }).port).toBe(0);
      expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    });

    it.each([
      ['sqlite:/tmp/people-x.db', '/tmp/people-x.db'],
      ['sqlite:relative/people.db', path.resolve('relative/people.db')],
      ['/var/lib/people.db', '/var/lib/people.db'],
      ['sqlite::memory:', ':memory:'],
    ])('DATABASE_URL=%s as a SQLite file', (url, file) => {
      expect(loadConfig({ DATABASE_URL: url }).database).toMatchObject({ dialect: 'sqlite', file });
    });

    it.each(['postgres://u@db:5432/people', 'postgresql://u@db/people'])('DATABASE_URL=%s as PostgreSQL', (url) => {
      expect(loadConfig({ DATABASE_URL: url, DATABASE_SCHEMA: 'people_api', DB_POOL_MAX: '3' }).database).toEqual({
        dialect: 'postgres',
        url,
        poolMax: 3,
        schema: 'people_api',
      });
    });

    it('production with an SNS topic', () => {
      expect(loadConfig({ NODE_ENV: 'production', SNS_TOPIC_ARN: TOPIC }).aws.topicArn).toBe(TOPIC);
    });
  });

  describe('refuses', () => {
    it('lists every invalid value in one ConfigError', () => {
      const env = {
        NODE_ENV: 'staging',
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        SHUTDOWN_TIMEOUT_MS: '-1',
        DATABASE_URL: 'postgres://db/people',
        DB_POOL_MAX: '0',
        DATABASE_SCHEMA: 'Bad-Schema',
        ADMIN_TOKEN: 'short',
        AWS_REGION: 'mars',
        SNS_TOPIC_ARN: 'not-an-arn',
        OUTBOX_BATCH_SIZE: '0',
      };
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const error = caught as ConfigError;
      expect(error.name).toBe('ConfigError');
      const names = Object.keys(env).filter((name) => name !== 'DATABASE_URL');
      expect(error.problems).toHaveLength(names.length);
      for (const name of names) {
        expect(error.problems.filter((problem) => problem.startsWith(`${name} `)), name).toHaveLength(1);
        expect(error.message).toContain(`  - ${name} `);
      }
      // Each problem quotes what was given, so the operator sees the typo.
      expect(error.problems).toContain('PORT must be an integer from 0 to 65535 (got "abc")');
      expect(error.problems.find((p) => p.startsWith('LOG_LEVEL'))).toMatch(/fatal, error, warn, info, debug, trace, silent \(got "loud"\)/);
    });

    it.each(['65536', '-1', '80.5', '1e3', '0x50', '3000abc'])('PORT=%s', (port) => {
      expect(problemsOf({ PORT: port })).toEqual([`PORT must be an integer from 0 to 65535 (got "${port}")`]);
    });

    it('production without SNS_TOPIC_ARN', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['SNS_TOPIC_ARN is required when NODE_ENV=production']);
    });

    it('production without SNS_TOPIC_ARN, together with other problems', () => {
      const problems = problemsOf({ NODE_ENV: 'production', PORT: 'x' });
      expect(problems).toHaveLength(2);
      expect(problems).toContain('SNS_TOPIC_ARN is required when NODE_ENV=production');
    });

    it('OUTBOX_PUBLISHER_THREAD other than true or false', () => {
      expect(problemsOf({ OUTBOX_PUBLISHER_THREAD: 'yes' })).toEqual(['OUTBOX_PUBLISHER_THREAD must be one of true, false (got "yes")']);
    });

    it('an empty SQLite file name', () => {
      expect(problemsOf({ DATABASE_URL: 'sqlite:' })).toEqual([expect.stringMatching(/^DATABASE_URL must name a SQLite file/)]);
    });

    it.each(['mysql://admin:s3cret@db/people', 'postgress://admin:s3cret@db/people', 'sqlite://people.db'])(
      'DATABASE_URL=%s (another scheme is not a SQLite file name), without quoting it',
      (url) => {
        const problems = problemsOf({ DATABASE_URL: url });
        expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL must be postgres:/)]);
        expect(problems.join('\n')).not.toContain('s3cret');
      },
    );

    it.each([
      ['ADMIN_TOKEN', 'too-short-secret'.slice(0, 12)],
      ['SNS_EXTERNAL_ID', 'x'],
    ])('%s without quoting the secret value', (name, value) => {
      const problems = problemsOf({ [name]: value });
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name} must be `))]);
      expect(problems.join('\n')).not.toContain(`"${value}"`);
    });

    it.each([
      ['SNS_ROLE_ARN', 'arn:aws:iam::123:role/x'],
      ['AWS_REGION', 'EU-WEST-1'],
      ['OUTBOX_MAX_RETRIES', '101'],
      ['SQLITE_BUSY_TIMEOUT_MS', 'soon'],
    ])('%s=%s', (name, value) => {
      const problems = problemsOf({ [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^${name} .*\\(got "${value}"\\)$`));
    });
  });
});
