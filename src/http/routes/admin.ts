import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/create-db.js';
import { NotFoundError } from '../../lib/app-error.js';
import { listDeadLetters, redriveDeadLetters } from '../../outbox/dead-letters.js';
import { requireBearer } from '../admin-auth.js';
import { problemResponses } from '../problem.js';

export interface AdminRoutesOptions {
  readonly db: Db;
  readonly adminToken: string;
  /** Called after a redrive so the dispatcher picks the rows up at once. */
  readonly onRedrive: (count: number) => void;
}

const DeadLetterSchema = Type.Object({
  id: Type.String(),
  eventType: Type.String(),
  aggregateType: Type.String(),
  aggregateId: Type.String(),
  correlationId: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  payloadBytes: Type.Integer(),
});

const RedriveResult = Type.Object({ redriven: Type.Integer() });

/** Operator routes for dead letters; registered only when ADMIN_TOKEN is set. */
const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (app, { db, adminToken, onRedrive }) => {
  app.addHook('preHandler', requireBearer(adminToken));
  const security = [{ adminToken: [] }];

  app.get(
    '/admin/dead-letters',
    {
      schema: {
        tags: ['admin'],
        summary: 'List dead letters (messages that could not be delivered)',
        security,
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          after: Type.Optional(Type.String({ format: 'uuid', description: 'Last id of the previous page' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(DeadLetterSchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listDeadLetters(db, request.query.limit, request.query.after) }),
  );

  app.post(
    '/admin/dead-letters/:id/redrive',
    {
      schema: {
        tags: ['admin'],
        summary: 'Queue one dead letter again with a fresh retry budget',
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: RedriveResult, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const redriven = await redriveDeadLetters(db, new Date(), request.params.id);
      if (redriven === 0) throw new NotFoundError(`No dead letter with id ${request.params.id}`);
      request.log.info({ eventId: request.params.id, redriven }, 'dead letter redriven');
      onRedrive(redriven);
      return { redriven };
    },
  );

  app.post(
    '/admin/dead-letters/redrive',
    {
      schema: {
        tags: ['admin'],
        summary: 'Queue every dead letter again',
        security,
        response: { 200: RedriveResult, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const redriven = await redriveDeadLetters(db, new Date());
      request.log.info({ redriven }, 'dead letters redriven');
      if (redriven > 0) onRedrive(redriven);
      return { redriven };
    },
  );
};

export default adminRoutes;
