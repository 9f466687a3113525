import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { LogCapture } from '../helpers/test-app.js';

function capture(log: (logger: ReturnType<typeof createLogger>) => void): { raw: string; line: Record<string, unknown> } {
  const logs = new LogCapture();
  log(createLogger('info', logs));
  const line = logs.lines[0];
  if (!line) throw new Error('nothing logged');
  return { raw: logs.raw, line };
}

describe('createLogger', () => {
  it('writes one JSON line with level label, ISO time and the service name', () => {
    const { line } = capture((logger) => {
      logger.info({ answer: 42 }, 'hello');
    });
    expect(line).toMatchObject({ level: 'info', service: 'people-api', answer: 42, msg: 'hello' });
    expect(line['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('censors personal fields at the top level and two levels down, in both spellings', () => {
    const person = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', dateOfBirth: '1815-12-10' };
    const row = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', date_of_birth: '1815-12-10' };
    const { raw, line } = capture((logger) => {
      logger.info({ ...person, event: { data: person }, row: { nested: row } }, 'people');
    });
    for (const value of Object.values(person)) expect(raw).not.toContain(value);
    expect(line).toMatchObject({ firstName: '[redacted]', event: { data: { email: '[redacted]' } }, row: { nested: { date_of_birth: '[redacted]' } } });
  });

  it('censors secrets', () => {
    const { raw } = capture((logger) => {
      logger.info({ headers: { authorization: 'Bearer s3cr3t-token' }, creds: { secretAccessKey: 'AKIAsecret' }, adminToken: 'admin-s3cr3t' }, 'secrets');
    });
    for (const secret of ['s3cr3t-token', 'AKIAsecret', 'admin-s3cr3t']) expect(raw).not.toContain(secret);
  });

  it('keeps an error’s message and stack but not the row a database error quotes', () => {
    const error = Object.assign(new Error('new row for relation "people" violates check constraint "c"'), {
      code: '23514',
      constraint: 'c',
      detail: 'Failing row contains (1, Ada, Lovelace, ada@example.com, 1815-12-10).',
      where: 'SQL statement with Lovelace',
    });
    const { raw, line } = capture((logger) => {
      logger.error({ err: error }, 'request failed');
    });
    expect(line['err']).toMatchObject({ message: error.message, code: '23514', constraint: 'c', stack: expect.stringContaining('    at ') as unknown });
    expect(raw).not.toContain('Lovelace');
    expect(raw).not.toContain('ada@example.com');
  });
});
