import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Db } from '../db/create-db.js';
import type { ReadinessReport } from '../health/readiness.js';
import { NotFoundError } from '../lib/app-error.js';
import type { Logger } from '../lib/logger.js';
import type { Mediator } from '../mediator/mediator.js';
import type { Metrics } from '../observability/metrics.js';
import type { PersonCommands } from '../people/commands/index.js';
import { registerDocs } from './docs.js';
import { clientErrorHandler, frameworkErrors } from './framework-errors.js';
import { registerJsonBodyParser } from './json-body.js';
import { problemOf, sendProblem } from './problem.js';
import { genReqId, registerRequestContext } from './request-context.js';
import adminRoutes from './routes/admin.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import peopleRoutes from './routes/people.js';
import { validatorCompiler } from './validation.js';

export interface AppDeps {
  readonly logger: Logger;
  readonly db: Db;
  readonly mediator: Mediator<PersonCommands>;
  readonly readiness: () => Promise<ReadinessReport>;
  /** Admin routes exist only when a token is configured. */
  readonly adminToken: string | undefined;
  readonly onRedrive: (count: number) => void;
  readonly metrics: Metrics;
}

export const BODY_LIMIT_BYTES = 16 * 1024;
/** A request whose body has not arrived by then is cut off with 408. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Which routes a listener serves: `all` (the default), or, with MANAGEMENT_PORT, `public`
 * (people, docs, health) and `management` (metrics, admin, health) on separate listeners.
 */
export type Surface = 'all' | 'public' | 'management';

/** Builds the HTTP app without listening, so tests drive it with inject() or a real port. */
export async function buildApp(deps: AppDeps, surface: Surface = 'all'): Promise<FastifyInstance> {
  // Typed as Fastify's logger so plugins written for a plain Fastify instance register here.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const base = Fastify({
    loggerInstance,
    // One line per request comes from our onResponse hook, with the route and duration.
    logController: new LogController({ disableRequestLogging: true }),
    // request.log gets no request-id binding: the logger's mixin adds the correlation id from
    // the request context, and a binding as well would write the key twice.
    childLoggerFactory: (logger, _bindings, options) => logger.child({}, options),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId,
    // Slow clients are cut off instead of holding a socket: Node checks these limits every
    // connectionsCheckingInterval, which must be set when the server is created.
    requestTimeout: REQUEST_TIMEOUT_MS,
    http: { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    return503OnClosing: true,
    frameworkErrors,
    clientErrorHandler,
  });
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // JSON only: a text/plain body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(base);
  registerRequestContext(base);
  base.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpDuration.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    // Fastify closes the connection after refusing a body it did not read (too large, wrong media
    // type). The client is often still sending it, and a socket closed with unread data is reset:
    // the client loses the 413/415 with it. Node reads and discards the rest of a request whose
    // response is done (bounded by REQUEST_TIMEOUT_MS), so the connection can stay open instead.
    if ((error as Partial<FastifyError>).code?.startsWith('FST_ERR_CTP_')) reply.removeHeader('connection');
    const problem = problemOf(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf(new NotFoundError(`No route ${request.method} ${request.url.split('?')[0]}`), request)),
  );

  const publicRoutes = surface !== 'management';
  const managementRoutes = surface !== 'public';
  await registerDocs(base);
  await app.register(healthRoutes, { readiness: deps.readiness });
  if (publicRoutes) await app.register(peopleRoutes, { db: deps.db, mediator: deps.mediator });
  if (managementRoutes) {
    await app.register(metricsRoutes, { registry: deps.metrics.registry });
    if (deps.adminToken) await app.register(adminRoutes, { db: deps.db, adminToken: deps.adminToken, onRedrive: deps.onRedrive });
  }
  return base;
}
