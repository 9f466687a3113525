import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp('sqlite');
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => t.close());

const expectProblem = (response: { statusCode: number; headers: Record<string, unknown> }, status: number): void => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
};

it('refuses a body that is not valid UTF-8 instead of storing replacement characters', async () => {
  const body = Buffer.concat([Buffer.from('{"firstName":"Inv'), Buffer.from([0xff]), Buffer.from('alid","lastName":"X","email":"utf8@example.com"}')]);
  const response = await t.app.inject({ method: 'POST', url: '/people', payload: body, headers: { 'content-type': 'application/json' } });
  expectProblem(response, 400);
  expect(response.json<{ detail: string }>().detail).toContain('UTF-8');
});

it('refuses a lone surrogate in a name', async () => {
  const payload = JSON.stringify(somePerson()).replace('"Ada"', '"A\\ud800da"');
  const response = await t.app.inject({ method: 'POST', url: '/people', payload, headers: { 'content-type': 'application/json' } });
  expectProblem(response, 400);
  expect(response.json<{ errors: { pointer: string }[] }>().errors.map((e) => e.pointer)).toEqual(['/body/firstName']);
});

it('still accepts astral characters (a valid surrogate pair)', async () => {
  const response = await t.app.inject({ method: 'POST', url: '/people', payload: somePerson({ firstName: 'Ada 😀' }) });
  expect(response.statusCode).toBe(201);
  expect(response.json<{ firstName: string }>().firstName).toBe('Ada 😀');
});

it('answers a malformed URL and an over-long path parameter with problem+json', async () => {
  expectProblem(await t.app.inject({ method: 'GET', url: '/people/%' }), 400);
  expectProblem(await t.app.inject({ method: 'GET', url: `/people/${'a'.repeat(200)}` }), 414);
});

it('answers broken HTTP framing with problem+json on the socket', async () => {
  const { port } = new URL(baseUrl);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('close', () => {
      resolve(data);
    });
    socket.on('error', reject);
  });
  expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request/);
  expect(raw).toContain('Content-Type: application/problem+json');
  expect(raw).toContain('"status":400');
});
