import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

export interface RequestContext {
  readonly correlationId: string;
  /** W3C trace context of the request, continued or started here. */
  readonly traceparent: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A caller's id is kept only when it is safe to echo and to log; otherwise a new one is made. */
export function correlationIdFrom(header: unknown): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
}

/** Continues the caller's trace with a new span id, or starts a sampled trace. */
export function traceparentFrom(header: unknown): string {
  const match = typeof header === 'string' ? TRACEPARENT.exec(header) : null;
  const traceId = match && !/^0+$/.test(match[1] ?? '') ? (match[1] ?? '') : randomBytes(16).toString('hex');
  const flags = match?.[3] ?? '01';
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function enterContext(context: RequestContext): void {
  storage.enterWith(context);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
