/** HTTP plumbing: body reading, request decoding, XML replies. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeRequest } from './context.js';
import { AwsError } from './errors.js';
import { parseQueryParams } from './query.js';
import { errorXml } from './xml.js';

/** Generous: a 256 KiB message can triple in size once form-encoded, and 10 of them may be batched. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) throw new AwsError(413, 'RequestEntityTooLarge', 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function decodeRequest(req: IncomingMessage): Promise<FakeRequest> {
  const body = await readBody(req);
  const rawUrl = req.url ?? '/';
  const params = parseQueryParams(rawUrl, body);
  return {
    method: req.method ?? 'GET',
    rawUrl,
    headers: req.headers,
    body,
    params,
    action: params.get('Action') ?? '',
    requestId: randomUUID(),
  };
}

export function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    // The SDK reads $metadata.requestId from this header, not from the XML body.
    'x-amzn-requestid': requestId,
    date: new Date().toUTCString(),
  });
  res.end(xml);
}

export function sendError(res: ServerResponse, error: AwsError, xmlns: string, requestId: string): void {
  sendXml(res, error.status, errorXml(error, xmlns, requestId), requestId);
}
