import { describe, expect, it } from 'vitest';
import { CLOUD_EVENT_SOURCE, cloudEventJson } from '../../../src/outbox/cloud-event.js';
import type { OutboxMessage } from '../../../src/outbox/message.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const PAYLOAD = JSON.stringify({
  id: '01900000-0000-7000-8000-0000000000aa',
  firstName: 'Zoë',
  lastName: 'Ōtomo 大伴',
  email: 'zoe@example.com',
  note: 'emoji 😀, quote " and backslash \\',
  tags: ['a', 'ß'],
  version: 3,
  nested: { ok: true, none: null },
});

function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    seq: 7,
    eventType: 'person.updated',
    aggregateType: 'person',
    aggregateId: '01900000-0000-7000-8000-0000000000aa',
    payload: PAYLOAD,
    correlationId: 'corr-42',
    traceparent: TRACEPARENT,
    createdAt: '2024-05-01T12:34:56.789Z',
    attempts: 2,
    ...overrides,
  };
}

function parse(json: string): Record<string, unknown> {
  return JSON.parse(json) as Record<string, unknown>;
}

describe('cloudEventJson', () => {
  it('is a CloudEvents 1.0 JSON envelope of the message', () => {
    const event = parse(cloudEventJson(message()));
    expect(event).toEqual({
      specversion: '1.0',
      id: '01900000-0000-7000-8000-000000000001',
      type: 'person.updated',
      source: 'urn:people-api',
      subject: '01900000-0000-7000-8000-0000000000aa',
      time: '2024-05-01T12:34:56.789Z',
      datacontenttype: 'application/json',
      correlationid: 'corr-42',
      traceparent: TRACEPARENT,
      data: JSON.parse(PAYLOAD) as unknown,
    });
    expect(CLOUD_EVENT_SOURCE).toBe('urn:people-api');
  });

  it('keeps unicode in data intact', () => {
    const data = parse(cloudEventJson(message()))['data'];
    expect(data).toMatchObject({ firstName: 'Zoë', lastName: 'Ōtomo 大伴', note: 'emoji 😀, quote " and backslash \\', tags: ['a', 'ß'] });
  });

  it('omits traceparent when the message has none', () => {
    const event = parse(cloudEventJson(message({ traceparent: null })));
    expect(event).not.toHaveProperty('traceparent');
    expect(event['correlationid']).toBe('corr-42');
  });

  it('splices the payload in exactly as committed', () => {
    const payload = '{ "b": 1,\n  "a": "ü" }';
    const json = cloudEventJson(message({ payload }));
    expect(json.endsWith(`,"data":${payload}}`)).toBe(true);
    expect(parse(json)['data']).toEqual({ b: 1, a: 'ü' });
  });

  it('escapes envelope strings so the JSON still parses', () => {
    const event = parse(cloudEventJson(message({ correlationId: 'a"b\\c', eventType: 'person.créé' })));
    expect(event['correlationid']).toBe('a"b\\c');
    expect(event['type']).toBe('person.créé');
  });

  it('is the same text on every call (retries keep the id)', () => {
    expect(cloudEventJson(message({ attempts: 0 }))).toBe(cloudEventJson(message({ attempts: 3 })));
  });
});
