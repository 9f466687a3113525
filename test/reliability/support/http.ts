import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: string; readonly ms: number }
  | { readonly kind: 'error'; readonly code: string; readonly ms: number };

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string | Buffer;
  /** The whole exchange, connect to last byte; past it the request is destroyed ('TIMEOUT'). */
  readonly timeoutMs: number;
  readonly agent?: http.Agent;
}

/** One HTTP exchange that never throws: a response, or the error code that ended it. */
export function send(request: HttpRequest): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
    const headers: OutgoingHttpHeaders = { ...(body ? { 'content-length': body.length } : {}), ...request.headers };
    let req: http.ClientRequest;
    try {
      req = http.request(request.url, { method: request.method, headers, agent: request.agent ?? false });
    } catch (error) {
      // The client refuses some header values itself (ERR_INVALID_CHAR): nothing was sent.
      finish({ kind: 'error', code: errorCode(error), ms: elapsed() });
      return;
    }
    const timer = setTimeout(() => {
      req.destroy(new TimeoutError());
    }, request.timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        finish({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: elapsed() });
      });
      res.on('error', (error) => {
        finish({ kind: 'error', code: errorCode(error), ms: elapsed() });
      });
    });
    req.on('error', (error) => {
      finish({ kind: 'error', code: errorCode(error), ms: elapsed() });
    });
    req.end(body);
  });
}

class TimeoutError extends Error {
  readonly code = 'TIMEOUT';
}

export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

export interface ProblemJson {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly correlationId?: string;
}

/** The parsed body when the response is an RFC 9457 problem (media type and members), else null. */
export function problemOf(outcome: HttpOutcome): ProblemJson | null {
  if (outcome.kind !== 'response') return null;
  if (!/^application\/problem\+json(;|$)/.test(outcome.headers['content-type'] ?? '')) return null;
  let body: unknown;
  try {
    body = JSON.parse(outcome.body);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const problem = body as Partial<ProblemJson>;
  const valid =
    typeof problem.type === 'string' &&
    typeof problem.title === 'string' &&
    typeof problem.detail === 'string' &&
    problem.status === outcome.status;
  return valid ? (problem as ProblemJson) : null;
}

/** The parsed JSON body of a response (throws when there was none). */
export function jsonBody(outcome: HttpOutcome): unknown {
  if (outcome.kind !== 'response') throw new Error(`no response: ${outcome.code}`);
  return JSON.parse(outcome.body) as unknown;
}

/** A keep-alive agent for a load generator (undone with `destroy()`). */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}
