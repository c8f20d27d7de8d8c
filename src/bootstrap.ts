import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestListener, createServer } from 'node:http';
import { AppModule } from './app.module';
import { type AppConfig, configWarnings, loadConfig } from './config/config';
import { prepareDatabase } from './database/migrate';
import { sendError } from './common/error.filter';
import { registerRequestEdges } from './common/http/request-edges';
import { requestIdOf } from './common/http/request-id';
import { MetricsService } from './health/metrics.service';
import { CONSOLE_PATHS } from './web/console-paths';

const frameworkLogger = new Logger('Fastify');
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the whole application; used by main.ts, worker.ts and the e2e tests alike. */
export async function createApp(config: AppConfig, options: { worker: boolean }): Promise<NestFastifyApplication> {
  const { http } = config;
  const adapter = new FastifyAdapter({
    genReqId: requestIdOf,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    trustProxy: http.trustProxy,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    connectionTimeout: http.connectionTimeoutMs,
    serverFactory: (handler: RequestListener) => {
      // A client that sends its headers or body slowly is cut off (408) once the headers or the
      // whole request take longer than allowed. Node checks open connections against these limits
      // every `connectionsCheckingInterval` (30 s by default), so it is tied to the limits here.
      const server = createServer(
        {
          requestTimeout: http.requestTimeoutMs,
          headersTimeout: http.headersTimeoutMs,
          connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(http.headersTimeoutMs / 4))),
        },
        handler,
      );
      server.keepAliveTimeout = http.keepAliveTimeoutMs;
      server.setTimeout(http.connectionTimeoutMs);
      return server;
    },
    // Call ids are up to 128 characters, and may arrive percent-encoded.
    routerOptions: { maxParamLength: 512 },
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => sendError(reply, error, frameworkLogger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, options), adapter, {
    rawBody: true,
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1),
  });
  app.setGlobalPrefix('v1', { exclude: ['health', 'ready', ...CONSOLE_PATHS] });
  app.enableShutdownHooks();

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestEdges(fastify, '/v1/', frameworkLogger);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  await app.init();
  await fastify.ready();
  return app;
}

const bootLogger = new Logger('Boot');

/** Applies pending migrations, then serves the API and/or runs the worker as the role says. */
export async function run(roleOverride?: AppConfig['role']): Promise<void> {
  try {
    const loaded = loadConfig();
    for (const warning of configWarnings(loaded)) bootLogger.warn(`SECURITY WARNING: ${warning}`);
    const database = await prepareDatabase(loaded.database);
    bootLogger.log(`Migrations: ${database.applied.length ? `applied ${database.applied.join(', ')}` : 'none pending'}; connecting as ${database.role}`);
    if (process.argv.includes('--migrate-only')) return;
    if (database.problems.length && loaded.env === 'production') throw new Error(`DATABASE_URL: ${database.problems.join('; ')}`);
    for (const problem of database.problems) bootLogger.warn(`SECURITY WARNING: ${problem} (refused in production; see README.md, "Security")`);

    const config: AppConfig = { ...loaded, role: roleOverride ?? loaded.role, database: { ...loaded.database, url: database.url } };
    const app = await createApp(config, { worker: config.role !== 'api' });
    if (config.role === 'worker') {
      bootLogger.log('Worker running: queue processors and schedules, no HTTP');
      return;
    }
    await app.listen({ port: config.http.port, host: config.http.host });
    bootLogger.log(`Agency Wallet ${config.role === 'all' ? 'API and worker' : 'API'} listening on ${await app.getUrl()}`);
  } catch (error) {
    bootLogger.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
