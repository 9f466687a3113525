import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.js';
import { createLogPublisher } from '../../../src/outbox/log-publisher.js';
import type { OutboxMessage } from '../../../src/outbox/message.js';

function memoryLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger('info', {
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

const PERSON = {
  id: '01900000-0000-7000-8000-0000000000aa',
  firstName: 'Zoë',
  lastName: 'Ōtomo',
  email: 'zoe.otomo@example.com',
  dateOfBirth: '1990-02-03',
  version: 1,
};

function message(id: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id,
    seq: 1,
    eventType: 'person.created',
    aggregateType: 'person',
    aggregateId: PERSON.id,
    payload: JSON.stringify(PERSON),
    correlationId: 'corr-1',
    traceparent: null,
    createdAt: '2024-05-01T12:00:00.000Z',
    attempts: 0,
    ...overrides,
  };
}

describe('createLogPublisher', () => {
  it('answers ok for every message with messageId log-<id>', async () => {
    const { logger } = memoryLogger();
    const publisher = createLogPublisher(logger);
    expect(publisher.name).toBe('log');
    await expect(publisher.publishBatch([message('m1'), message('m2')])).resolves.toEqual([
      { id: 'm1', ok: true, messageId: 'log-m1' },
      { id: 'm2', ok: true, messageId: 'log-m2' },
    ]);
  });

  it('logs each CloudEvent with personal fields in data redacted', async () => {
    const { logger, lines, raw } = memoryLogger();
    await createLogPublisher(logger).publishBatch([message('m1'), message('m2', { eventType: 'person.updated' })]);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'event published to the log',
      cloudEvent: {
        specversion: '1.0',
        id: 'm1',
        type: 'person.created',
        subject: PERSON.id,
        correlationid: 'corr-1',
        data: {
          id: PERSON.id,
          firstName: '[redacted]',
          lastName: '[redacted]',
          email: '[redacted]',
          dateOfBirth: '[redacted]',
          version: 1,
        },
      },
    });
    expect(lines[1]).toMatchObject({ cloudEvent: { id: 'm2', type: 'person.updated', data: { email: '[redacted]' } } });

    const output = raw.join('');
    for (const secret of ['Zoë', 'Ōtomo', 'zoe.otomo@example.com', '1990-02-03']) expect(output).not.toContain(secret);
  });

  it('plans one batch of everything, and none for nothing', () => {
    const publisher = createLogPublisher(memoryLogger().logger);
    const messages = Array.from({ length: 25 }, (_, i) => message(`m${i}`));
    const batches = publisher.planBatches(messages);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((m) => m.id)).toEqual(messages.map((m) => m.id));
    expect(publisher.planBatches([])).toEqual([]);
  });
});
