import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI generated from the route schemas: the documentation cannot drift from validation. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'people-api',
        version: '0.1.0',
        description:
          'People, stored at once; every change is published to AWS SNS in the background through a ' +
          'transactional outbox. Errors are RFC 9457 problem details (application/problem+json).',
      },
      tags: [
        { name: 'people', description: 'Create, read, update and delete people' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'admin', description: 'Dead letters (only when ADMIN_TOKEN is set)' },
      ],
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
