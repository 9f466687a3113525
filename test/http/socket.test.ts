import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Person } from '../../src/people/schemas.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createTestApp, somePerson, type TestApp } from '../helpers/test-app.js';

describeEachDialect('over a real listening socket', (dialect) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address() as AddressInfo;
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => t.close());

  const json = { 'content-type': 'application/json' };

  it('creates, reads, updates, lists and deletes a person', async () => {
    const input = somePerson();
    const created = await fetch(`${base}/people`, { method: 'POST', headers: json, body: JSON.stringify(input) });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('x-correlation-id')).toMatch(/\S/);
    const person = (await created.json()) as Person;
    expect(created.headers.get('location')).toBe(`/people/${person.id}`);

    const read = await fetch(`${base}${created.headers.get('location') ?? ''}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(person);

    const updated = await fetch(`${base}/people/${person.id}`, {
      method: 'PUT',
      headers: { ...json, 'if-match': '"1"' },
      body: JSON.stringify({ ...input, firstName: 'Renamed' }),
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');

    const list = await fetch(`${base}/people?limit=100`);
    expect(((await list.json()) as { items: Person[] }).items.map((p) => p.id)).toContain(person.id);

    const deleted = await fetch(`${base}/people/${person.id}`, { method: 'DELETE', headers: { 'if-match': '"2"' } });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await fetch(`${base}/people/${person.id}`)).status).toBe(404);
  });

  it('echoes the client correlation id over the wire', async () => {
    const response = await fetch(`${base}/health/live`, { headers: { 'x-correlation-id': 'socket-test-1' } });
    expect(response.headers.get('x-correlation-id')).toBe('socket-test-1');
    await response.arrayBuffer();
  });

  it('answers a problem+json 413 to a chunked body over the limit (no Content-Length to trust)', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(4096));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const response = await fetch(`${base}/people`, { method: 'POST', headers: json, body, duplex: 'half' });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
  });

  it('answers a problem+json 415 for text/plain over the wire', async () => {
    const response = await fetch(`${base}/people`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(somePerson()),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await response.arrayBuffer();
  });
  it('answers a body far over the limit with a 413 problem and keeps the connection, so a client still sending it is not reset', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string): Promise<{ status: number; type: string | undefined; connection: string | undefined; socket: unknown }> =>
      new Promise((resolve, reject) => {
        const req = http.request(`${base}/people`, { method: 'POST', agent, headers: { ...json, 'content-length': Buffer.byteLength(body) } });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], connection: res.headers.connection, socket: req.socket });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const huge = await post(JSON.stringify(somePerson({ firstName: 'x'.repeat(2 * 1024 * 1024) })));
      expect(huge).toMatchObject({ status: 413, type: 'application/problem+json; charset=utf-8' });
      expect(huge.connection).not.toBe('close');
      // The rest of the 2 MiB was read and discarded: the same connection serves the next request.
      const next = await post(JSON.stringify(somePerson()));
      expect(next.status).toBe(201);
      expect(next.socket).toBe(huge.socket);
    } finally {
      agent.destroy();
    }
  });
});
