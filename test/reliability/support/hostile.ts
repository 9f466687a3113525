import fc from 'fast-check';
import { PersonInputSchema } from '../../../src/people/schemas.js';

/** A request that must be refused with a 4xx problem, sent with a normal HTTP client. */
export interface HostileRequest {
  readonly category: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** A hostile X-Correlation-Id: the response must not echo it. */
  readonly hostileCorrelationId?: string;
}

/** A request as bytes, for what an HTTP client refuses to send (bad framing, invalid bytes). */
export interface RawHostileRequest {
  readonly category: string;
  readonly bytes: Buffer;
}

export interface PersonBody {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly dateOfBirth?: string | null;
}

// The API's own rule for names (JSON Schema keywords of the TypeBox schema), so generated valid names are valid.
const nameSchema = PersonInputSchema.properties.firstName as unknown as { readonly pattern: string; readonly maxLength: number };
const NAME = new RegExp(nameSchema.pattern, 'u');

/** Length as JSON Schema counts it: code points, not UTF-16 units. */
function codePoints(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

export function isValidName(value: string): boolean {
  return NAME.test(value) && codePoints(value) <= nameSchema.maxLength;
}

let serial = 0;
/** A fresh address each time: a request wrongly accepted then shows up as a new row. */
export function uniqueEmail(prefix = 'fuzz'): string {
  serial += 1;
  return `${prefix}-${process.pid}-${serial}-${Date.now().toString(36)}@example.com`;
}

/** Names in any script (graphemes of Unicode 15: emoji, combining marks, CJK...) that the API accepts. */
export const unicodeName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter(isValidName);

const pastDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A valid person, unicode names included. */
export const validPerson: fc.Arbitrary<PersonBody> = fc
  .record({ firstName: unicodeName, lastName: unicodeName, dateOfBirth: fc.option(pastDate, { nil: undefined }), nullDate: fc.boolean() })
  .map(({ firstName, lastName, dateOfBirth, nullDate }) => ({
    firstName,
    lastName,
    email: uniqueEmail('valid'),
    ...(dateOfBirth !== undefined ? { dateOfBirth } : nullDate ? { dateOfBirth: null } : {}),
  }));

const asciiPerson = (): PersonBody => ({ firstName: 'Fuzz', lastName: 'Target', email: uniqueEmail(), dateOfBirth: '1990-01-01' });

export const INJECTIONS: readonly string[] = [
  `' OR '1'='1`,
  `'; DROP TABLE people; --`,
  `" OR ""="`,
  `1; SELECT pg_sleep(10)`,
  `' UNION SELECT id, payload FROM outbox --`,
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `javascript:alert(1)`,
  '{{7*7}}',
  '${jndi:ldap://127.0.0.1/x}',
  '$(rm -rf /)',
  '`id`',
  '../../../../etc/passwd',
  '%00',
  '%27%20OR%201=1',
  '\\u0000',
  'Robert\'); DROP TABLE "people";--',
];
const injection = fc.constantFrom(...INJECTIONS);

/** Values of the wrong JSON type for a string field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const REQUIRED = ['firstName', 'lastName', 'email'] as const;
const requiredField = fc.constantFrom(...REQUIRED);

interface Target {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** POST /people, or PUT of the seeded person with its current ETag (so only the body is wrong). */
function targets(seedId: string): fc.Arbitrary<Target> {
  return fc.constantFrom<Target>(
    { method: 'POST', path: '/people', headers: { 'content-type': 'application/json' } },
    { method: 'PUT', path: `/people/${seedId}`, headers: { 'content-type': 'application/json', 'if-match': '"1"' } },
  );
}

function withBody(category: string, seedId: string, body: fc.Arbitrary<string | Buffer>): fc.Arbitrary<HostileRequest> {
  return fc.tuple(targets(seedId), body).map(([target, payload]) => ({ category, ...target, body: payload }));
}

function person(overrides: Record<string, unknown>, without: readonly string[] = []): string {
  const base: Record<string, unknown> = { ...asciiPerson(), ...overrides };
  for (const key of without) Reflect.deleteProperty(base, key);
  return JSON.stringify(base);
}

/** Every category of generated bad request (JSON, headers, path, query), each with its weight. */
export function hostileRequests(seedId: string): { readonly arbitrary: fc.Arbitrary<HostileRequest>; readonly weight: number }[] {
  const bodies: [string, fc.Arbitrary<string | Buffer>][] = [
    ['wrong type', fc.tuple(requiredField, wrongType).map(([field, value]) => person({ [field]: value }))],
    ['missing field', fc.subarray([...REQUIRED], { minLength: 1 }).map((fields) => person({}, fields))],
    [
      'unknown field',
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !['firstName', 'lastName', 'email', 'dateOfBirth'].includes(k)), fc.jsonValue({ maxDepth: 2 }))
        .map(([key, value]) => person({ [key]: value })),
    ],
    [
      'prototype pollution',
      fc
        .constantFrom('__proto__', 'constructor')
        .map((key) => person({}).replace(/^\{/, `{"${key}":{"prototype":{"isAdmin":true},"isAdmin":true},`)),
    ],
    ['huge string', fc.tuple(fc.constantFrom('firstName', 'lastName', 'email'), fc.integer({ min: 255, max: 15_000 })).map(([field, n]) => person({ [field]: 'x'.repeat(n) }))],
    [
      'deep nesting',
      fc.tuple(requiredField, fc.integer({ min: 50, max: 5_000 }), fc.boolean()).map(([field, depth, arrays]) => {
        const open = arrays ? '['.repeat(depth) : '{"a":'.repeat(depth);
        const close = arrays ? ']'.repeat(depth) : '}'.repeat(depth);
        return person({}).replace(/^\{/, `{"${field}":${open}1${close},`).replace(new RegExp(`,"${field}":"[^"]*"`), '');
      }),
    ],
    [
      'control characters',
      fc
        .tuple(requiredField, fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }), fc.nat(5))
        .map(([field, control, at]) => person({ [field]: `Ab${'c'.repeat(at)}${control}d` })),
    ],
    ['blank name', fc.tuple(fc.constantFrom('firstName', 'lastName'), fc.constantFrom('', ' ', '   ', '\t', '\u00a0', '\u3000', '\u2028')).map(([field, blank]) => person({ [field]: blank }))],
    ['injection, invalid email', fc.tuple(injection, injection, injection).map(([a, b, c]) => person({ firstName: a, lastName: b, email: `${c} not-an-email` }))],
    [
      'bad date',
      fc
        .constantFrom('2023-02-30', '2023-13-01', '0000-00-00', '9999-12-31', '1990-1-1', 'yesterday', '1990-01-01T00:00:00Z', '', '\uff11990-01-01', '1990-02-29', '1990/01/01')
        .map((date) => person({ dateOfBirth: date })),
    ],
    [
      'bad email',
      fc
        .oneof(
          fc.constantFrom('a@b', '@example.com', 'a@@example.com', 'a@example..com', 'a b@example.com', 'a@example.com\n', 'a@example.com ', 'plainaddress', `${'a'.repeat(250)}@example.com`),
          fc.string({ maxLength: 40 }).filter((s) => !s.includes('@')),
        )
        .map((email) => person({ email })),
    ],
    [
      'malformed json',
      fc.oneof(
        fc.constantFrom('', 'null', '[]', '"text"', '123', 'true', '{', '}', "{'firstName':'A'}", 'NaN', '{"a":1,}', '// c\n{}', '{"firstName":"A"}{}', '\ufeff{}', '{"firstName":"A","firstName":}'),
        fc.integer({ min: 1, max: 60 }).map((cut) => person({}).slice(0, -cut)),
      ),
    ],
  ];

  const seedPath = `/people/${seedId}`;
  const validBody = (): string => person({});
  const json = { 'content-type': 'application/json' };
  const others: [string, fc.Arbitrary<HostileRequest>][] = [
    [
      'bad content-type',
      fc
        .constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'image/png', 'application/jsonx')
        .map((type) => ({ category: 'bad content-type', method: 'POST', path: '/people', headers: { 'content-type': type }, body: validBody() })),
    ],
    [
      'bad idempotency-key',
      fc
        .oneof(
          fc.constantFrom('', ' ', 'a b', '\t', 'k'.repeat(256), '\u00e9t\u00e9', 'key;drop'.padEnd(300, '-')),
          injection.filter((s) => /[^\x21-\x7e]/.test(s)),
        )
        .map((key) => ({ category: 'bad idempotency-key', method: 'POST', path: '/people', headers: { ...json, 'idempotency-key': key }, body: validBody() })),
    ],
    [
      'bad if-match',
      fc
        .tuple(fc.constantFrom('PUT', 'DELETE'), fc.constantFrom('abc', '"abc"', 'W/"1"', '"1', '1', '"-1"', '"1234567890"', '*,*', '"5", "6"', 'W/"1", "7"', '"7"', '"0"', '"1",'))
        .map(([method, tag]) => ({
          category: 'bad if-match',
          method,
          path: seedPath,
          headers: method === 'PUT' ? { ...json, 'if-match': tag } : { 'if-match': tag },
          ...(method === 'PUT' ? { body: validBody() } : {}),
        })),
    ],
    [
      'hostile correlation id',
      fc
        .tuple(fc.oneof(injection, fc.constant('c'.repeat(200)), fc.constant('a b'), fc.constant('\u00e9')), fc.constantFrom('{', '', '{"firstName":1}'))
        .map(([id, body]) => ({
          category: 'hostile correlation id',
          method: 'POST',
          path: '/people',
          headers: { ...json, 'x-correlation-id': id },
          body,
          hostileCorrelationId: id,
        })),
    ],
    [
      'bad path',
      fc
        .tuple(fc.constantFrom('GET', 'PUT', 'DELETE'), fc.oneof(injection.map(encodeURIComponent), fc.constantFrom('1', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', '..%2f..%2fetc%2fpasswd', '%00', '%', '%zz', '%E0%A4%A', 'x'.repeat(300))))
        .map(([method, id]) => ({
          category: 'bad path',
          method,
          path: `/people/${id}`,
          headers: method === 'PUT' ? json : {},
          ...(method === 'PUT' ? { body: validBody() } : {}),
        })),
    ],
    [
      'bad query',
      fc
        .tuple(fc.constantFrom('limit', 'cursor', 'other'), fc.oneof(injection, fc.constantFrom('0', '-1', '101', '1e9', 'abc', '', 'x'.repeat(300))))
        .filter(([key, value]) => !(key === 'cursor' && /^[A-Za-z0-9_-]{1,200}$/.test(value)))
        .map(([key, value]) => ({ category: 'bad query', method: 'GET', path: `/people?${key}=${encodeURIComponent(value)}`, headers: {} })),
    ],
    [
      'unknown route or method',
      fc
        .tuple(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'), fc.constantFrom('/people/', '/admin/dead-letters', '/people/x/y', '/%2e%2e/%2e%2e/etc/passwd', '/people;drop', '/PEOPLE', '/metrics/../people'))
        .filter(([method, path]) => !(method === 'GET' && path === '/metrics/../people'))
        .map(([method, path]) => ({ category: 'unknown route or method', method, path, headers: {} })),
    ],
    [
      'patch method',
      fc.constant(null).map(() => ({ category: 'patch method', method: 'PATCH', path: '/people', headers: json, body: validBody() })),
    ],
  ];
  return [
    ...bodies.map(([category, body]) => ({ arbitrary: withBody(category, seedId, body), weight: 3 })),
    ...others.map(([, arbitrary]) => ({ arbitrary, weight: 3 })),
  ];
}

/** Bodies over the 16 KiB limit, a few of them far over (2 MiB). */
export function oversizedBodies(count: number): HostileRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const size = i % 5 === 0 ? 2 * 1024 * 1024 : 16 * 1024 + 1 + i * 997;
    return {
      category: 'oversized body',
      method: 'POST',
      path: '/people',
      headers: { 'content-type': 'application/json' },
      body: person({ firstName: 'x'.repeat(size) }),
    };
  });
}

const INVALID_UTF8: readonly number[][] = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** A valid person whose first name carries bytes that are not UTF-8 (JSON must be UTF-8). */
export function invalidUtf8Requests(count: number): RawHostileRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const bad = Buffer.from(INVALID_UTF8[i % INVALID_UTF8.length] ?? [0xff]);
    const [before, after] = person({ firstName: 'InvMARKalid' }).split('MARK');
    const body = Buffer.concat([Buffer.from(before ?? '', 'utf8'), bad, Buffer.from(after ?? '', 'utf8')]);
    return { category: 'invalid utf-8', bytes: rawPost('/people', body) };
  });
}

/** A valid person whose name holds a lone UTF-16 surrogate (\ud800): no Unicode text can store it. */
export function loneSurrogateRequests(count: number): HostileRequest[] {
  const surrogates = ['\\ud800', '\\udfff', '\\udbff', 'x\\ud83dy'];
  return Array.from({ length: count }, (_, i) => ({
    category: 'lone surrogate',
    method: 'POST',
    path: '/people',
    headers: { 'content-type': 'application/json' },
    body: person({ firstName: 'Lone' }).replace('"Lone"', `"Lone${surrogates[i % surrogates.length] ?? ''}"`),
  }));
}

function rawPost(path: string, body: Buffer, extraHead: readonly string[] = []): Buffer {
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${body.length}`, ...extraHead, 'Connection: close'];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Broken HTTP framing and headers, answered by the HTTP parser rather than a route. */
export function malformedHttp(): RawHostileRequest[] {
  const body = Buffer.from(person({}), 'utf8');
  const raw = (category: string, text: string): RawHostileRequest => ({ category, bytes: Buffer.from(text, 'latin1') });
  const head = (lines: readonly string[]): string => `${[...lines, 'Connection: close'].join('\r\n')}\r\n\r\n`;
  return [
    raw('malformed http', head(['POST /people HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: abc']) + body.toString('latin1')),
    raw('malformed http', head(['POST /people HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: -1'])),
    raw('malformed http', head(['POST /people HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Content-Length: 5', 'Content-Length: 7']) + '{"a":1}'),
    raw('malformed http', head(['POST /people HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked']) + 'zz\r\n{}\r\n0\r\n\r\n'),
    raw('malformed http', head(['POST /people HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked', `Content-Length: ${body.length}`]) + body.toString('latin1')),
    raw('malformed http', head(['GET /people HTTP/1.1', 'Host: x', 'X-Bad: a\u0000b'])),
    raw('malformed http', head(['GET /people HTTP/1.1', 'Host: x', 'Bad Header: value'])),
    raw('malformed http', head(['GET /people HTTP/1.1', 'Host: x', `X-Huge: ${'h'.repeat(20_000)}`])),
    raw('malformed http', head(['G@T /people HTTP/1.1', 'Host: x'])),
    raw('malformed http', head(['GET /people HTTP/9.9', 'Host: x'])),
    raw('malformed http', head(['GET /people\u0000 HTTP/1.1', 'Host: x'])),
    raw('malformed http', head(['GET  HTTP/1.1', 'Host: x'])),
    { category: 'malformed http', bytes: rawPost('/people', body, [`Idempotency-Key: ${'\u00ff'.repeat(3)}\u0001`]) },
    { category: 'malformed http', bytes: rawPost('/people', body, ['X-Correlation-Id: \u0007bell']) },
  ];
}
