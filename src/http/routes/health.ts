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

const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: DatabaseCheck,
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
        summary: 'The instance can serve requests (database reachable)',
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
