import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

export interface MetricsRoutesOptions {
  readonly registry: Registry;
}

/** Prometheus text format; the database-backed gauges are refreshed on a timer, not here. */
const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { registry }) => {
  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics (see docs/metrics.md)', produces: ['text/plain'] } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
};

export default metricsRoutes;
