import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ReadinessReport } from '../../health/readiness.js';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, problemResponse } from '../problem.js';

export interface HealthRoutesOptions {
  readonly readiness: () => Promise<ReadinessReport>;
}

const DatabaseCheck = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  latencyMs: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
});

const OutboxCheck = Type.Object({
  pending: Type.Integer({ description: 'Messages waiting to be published' }),
  oldestPendingAgeSeconds: Type.Number(),
  deadLetters: Type.Integer(),
  destination: Type.String({ examples: ['sns'] }),
  circuit: Type.Union([Type.Literal('closed'), Type.Literal('half-open'), Type.Literal('open')]),
  reason: Type.Optional(Type.String({ description: 'Why delivery is degraded' })),
});

const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
    description: 'degraded: SNS trouble or an old backlog; writes are still accepted and kept in the outbox',
  }),
  database: DatabaseCheck,
  outbox: Type.Optional(OutboxCheck),
});

const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { readiness }) => {
  app.get(
    '/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'The instance can serve requests (database reachable), with the outbox status',
        response: {
          200: ReadySchema,
          503: problemResponse('Not ready', Type.Object({ ...ProblemSchema.properties, database: DatabaseCheck })),
        },
      },
    },
    async (_request, reply) => {
      const report = await readiness();
      if (report.status !== 'down') return { ...report, status: report.status };
      return reply.status(503).type(PROBLEM_CONTENT_TYPE).header('retry-after', '5').send({
        type: '/problems/not-ready',
        title: 'Service not ready',
        status: 503,
        detail: report.database.error ?? 'not ready',
        database: report.database,
      });
    },
  );
};

export default healthRoutes;
