import { describe, expect, it } from 'vitest';
import { correlationIdFrom, currentContext, runWithContext, traceparentFrom } from '../../src/lib/request-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  it.each(['abc', 'A-b_c.d:e', 'x'.repeat(128), '0f8fad5b-d9cb-469f-a165-70867728950e'])('keeps %s', (id) => {
    expect(correlationIdFrom(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['spaces', 'a b'],
    ['129 characters', 'x'.repeat(129)],
    ['a newline (log forging)', 'abc\ninjected'],
    ['quotes', '"abc"'],
    ['non-ASCII', 'café'],
    ['an array (repeated header)', ['a', 'b']],
    ['undefined', undefined],
  ])('replaces %s by a new UUID', (_name, header) => {
    const id = correlationIdFrom(header);
    expect(id).toMatch(UUID);
  });

  it('makes a new id every time', () => {
    expect(correlationIdFrom(undefined)).not.toBe(correlationIdFrom(undefined));
  });
});

describe('traceparentFrom', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('continues the caller’s trace with a new span id and the caller’s flags', () => {
    const given = `00-${traceId}-00f067aa0ba902b7-00`;
    const result = traceparentFrom(given);
    expect(result).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    expect(result).not.toBe(given);
  });

  it.each([
    ['absent', undefined],
    ['malformed', 'not-a-traceparent'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['upper case', `00-${traceId.toUpperCase()}-00F067AA0BA902B7-01`],
  ])('starts a new sampled trace when the header is %s', (_name, header) => {
    const result = traceparentFrom(header);
    expect(result).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(result.slice(3, 35)).not.toBe('0'.repeat(32));
    expect(result).not.toContain(traceId);
  });
});

describe('runWithContext', () => {
  it('makes the context visible across awaits, and only inside', async () => {
    const context = { correlationId: 'ctx-1', traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` };
    const seen = await runWithContext(context, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentContext();
    });
    expect(seen).toEqual(context);
    expect(currentContext()).toBeUndefined();
  });
});
