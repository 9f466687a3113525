import type { FastifyInstance, FastifyRequest } from 'fastify';
import { correlationIdFrom, runWithContext, traceparentFrom, type RequestContext } from '../lib/request-context.js';

const contexts = new WeakMap<FastifyRequest, RequestContext>();

/**
 * Gives every request a correlation id (the caller's when it is safe, else a new one) that is
 * the request id in Fastify's log lines, returned in `X-Correlation-Id`, and visible through
 * AsyncLocalStorage to the mediator and everything it calls.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const context: RequestContext = {
      correlationId: request.id,
      traceparent: traceparentFrom(request.headers.traceparent),
    };
    contexts.set(request, context);
    reply.header('x-correlation-id', context.correlationId);
    runWithContext(context, done);
  });
  // Body parsing runs on socket events outside onRequest's context: enter it again.
  app.addHook('preHandler', (request, _reply, done) => {
    const context = contexts.get(request);
    if (context) runWithContext(context, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        // onResponse runs after the context has ended, so the id is written out here.
        correlationId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
    done();
  });
}

export function genReqId(request: { headers: Record<string, string | string[] | undefined> }): string {
  return correlationIdFrom(request.headers['x-correlation-id']);
}
