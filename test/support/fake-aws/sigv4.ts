/** SigV4 header parsing and (optional) HMAC verification for keys the fake issued. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { commonErrors } from './errors.js';

export interface SigV4Auth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignedRequest {
  method: string;
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** Returns undefined when there is no Authorization header; throws IncompleteSignature when malformed. */
export function parseAuthorization(header: string | undefined): SigV4Auth | undefined {
  if (header === undefined || header === '') return undefined;
  const match = AUTH_PATTERN.exec(header.trim());
  if (!match) throw commonErrors.incompleteSignature(header.slice(0, 40));
  const [, accessKeyId = '', date = '', region = '', service = '', signedHeaders = '', signature = ''] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const strictEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(rawUrl: string): string {
  const queryStart = rawUrl.indexOf('?');
  if (queryStart < 0) return '';
  const pairs = [...new URLSearchParams(rawUrl.slice(queryStart + 1))].map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`);
  return pairs.sort().join('&');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

function canonicalRequest(request: SignedRequest, auth: SigV4Auth): string {
  const path = request.rawUrl.split('?')[0] || '/';
  const headers = auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`).join('');
  const payloadHeader = request.headers['x-amz-content-sha256'];
  const payloadHash = typeof payloadHeader === 'string' ? payloadHeader : sha256Hex(request.body);
  return [request.method, path, canonicalQuery(request.rawUrl), headers, auth.signedHeaders.join(';'), payloadHash].join('\n');
}

export function verifySignature(request: SignedRequest, auth: SigV4Auth, secretAccessKey: string): boolean {
  // The signed payload hash header must also match the body that actually arrived.
  const payloadHeader = request.headers['x-amz-content-sha256'];
  if (typeof payloadHeader === 'string' && payloadHeader !== sha256Hex(request.body)) return false;
  const amzDate = canonicalHeaderValue(request.headers['x-amz-date']);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest(request, auth))].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(auth.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
