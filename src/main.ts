import { ConfigError, loadConfig, type Config } from './config.js';
import type { FastifyInstance } from 'fastify';
import { createDeps, type Deps } from './deps.js';
import { buildApp } from './http/app.js';
import { createLogger, type Logger } from './lib/logger.js';

/** Process entry: config -> logger -> deps -> listen + background work; graceful close on signals. */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const deps = await createDeps(config, logger).catch((error: unknown) => exitOnStartupError(logger, error));
  const apps = await buildApps(config, deps);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, deadlineMs: config.shutdownTimeoutMs }, 'shutting down');
    // In-flight requests get until the deadline; then their connections are cut so close() returns.
    const deadline = setTimeout(() => {
      logger.warn('shutdown deadline reached; closing remaining connections');
      for (const app of apps) app.server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    await Promise.all(apps.map((app) => app.close()));
    await deps.close();
    clearTimeout(deadline);
    logger.info('stopped');
    logger.flush(() => process.exit(0));
  };
  // Installed before listening, so a signal that arrives during start-up still stops cleanly.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  const [api, management] = apps;
  await api?.listen({ host: config.host, port: config.port });
  if (management && config.managementPort !== undefined) {
    await management.listen({ host: config.managementHost, port: config.managementPort });
  }
  deps.start();
  logger.info({ database: config.database.dialect, destination: deps.dispatcher.status().destination }, 'people-api started');
}

/** One app, or the public API and the management surface (metrics, admin) apart. */
async function buildApps(config: Config, deps: Deps): Promise<FastifyInstance[]> {
  if (config.managementPort === undefined) return [await buildApp(deps, 'all')];
  return [await buildApp(deps, 'public'), await buildApp(deps, 'management')];
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`people-api: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function exitOnStartupError(logger: Logger, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  logger.fatal({ err: error }, `start-up failed: ${message}`);
  process.stderr.write(`people-api: start-up failed: ${message}\n`);
  process.exit(1);
}

await main();
