import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestListener, createServer } from 'node:http';
import { AppModule } from './app.module';
import { type AppConfig, configWarnings, loadConfig } from './config/config';
import { prepareDatabase } from './database/migrate';
import { sendError } from './common/error.filter';
import { registerRequestEdges } from './common/http/request-edges';
import { requestIdOf } from './common/http/request-id';
import { MetricsService } from './health/metrics.service';
import { CONSOLE_PATHS } from './web/console-paths';
import { ShutdownState } from './health/shutdown-state';
import { AppLogger } from './common/logging/app-logger';
import { requestLog } from './common/logging/request-log';
import { DevMailModule } from './dev/dev-mail.module';
import { StripeSandbox } from './payments/stripe-sandbox';
import { API_PREFIX, UNPREFIXED_ROUTES } from './openapi/routes';
import { registerQueueDashboard } from './support/console/queue-dashboard';

const frameworkLogger = new Logger('Fastify');
const requestLogger = new Logger('HTTP');

/** Builds the whole application; used by main.ts, worker.ts and the e2e tests alike. */
export interface AppOptions {
  worker: boolean;
  /** Called with the Fastify instance before the routes are registered (tests add hooks here). */
  beforeInit?: (fastify: FastifyInstance) => void;
}

/** Every route Fastify serves, as registered: the OpenAPI tests compare them with the document. */
const servedRoutes = new WeakMap<object, { method: string; url: string }[]>();
export const routesServedBy = (app: NestFastifyApplication) => servedRoutes.get(app.getHttpAdapter().getInstance()) ?? [];

export async function createApp(config: AppConfig, options: AppOptions): Promise<NestFastifyApplication> {
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
    logger: new AppLogger(config),
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: [...UNPREFIXED_ROUTES, ...CONSOLE_PATHS, ...DevMailModule.routes] });

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  const routes: { method: string; url: string }[] = [];
  servedRoutes.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  options.beforeInit?.(fastify);
  // Once shutdown began, every answer closes its connection (see registerRequestEdges).
  const shutdown = app.get(ShutdownState);
  registerRequestEdges(fastify, '/v1/', frameworkLogger, { closing: () => shutdown.shuttingDown });
  // One hook after each response: its duration into the metrics, and its log line.
  const logRequest = requestLog(requestLogger, config.logs);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    logRequest(request, reply);
    done();
  });

  registerQueueDashboard(app);

  await app.init();
  await fastify.ready();
  return app;
}

const bootLogger = new Logger('Boot');

/** Applies pending migrations, then serves the API and/or runs the worker as the role says. */
export async function run(roleOverride?: AppConfig['role']): Promise<void> {
  try {
    const loaded = loadConfig();
    Logger.overrideLogger(new AppLogger(loaded));
    for (const warning of configWarnings(loaded)) bootLogger.warn(`SECURITY WARNING: ${warning}`);
    const database = await prepareDatabase(loaded.database);
    bootLogger.log(
      `Migrations: ${database.applied.length ? `applied ${database.applied.join(', ')}` : 'none pending'}; connecting as ${database.role}`,
    );
    if (process.argv.includes('--migrate-only')) return;
    if (database.problems.length && loaded.env === 'production') throw new Error(`DATABASE_URL: ${database.problems.join('; ')}`);
    for (const problem of database.problems) bootLogger.warn(`SECURITY WARNING: ${problem} (refused in production; see README.md, "Security")`);

    const config: AppConfig = { ...loaded, role: roleOverride ?? loaded.role, database: { ...loaded.database, url: database.url } };
    const app = await createApp(config, { worker: config.role !== 'api' });
    stopOnSignals(app, config);
    if (config.role === 'worker') {
      bootLogger.log('Worker running: queue processors and schedules, no HTTP');
      return;
    }
    await app.listen({ port: config.http.port, host: config.http.host });
    wireSandboxWebhooks(app, config);
    const sandbox = app.get(StripeSandbox);
    bootLogger.log(
      `Agency Wallet ${config.role === 'all' ? 'API and worker' : 'API'} listening on ${await app.getUrl()}${sandbox.apiUrl ? ` (STRIPE SANDBOX at ${sandbox.publicUrl}: no real payments)` : ''}`,
    );
  } catch (error) {
    bootLogger.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** Points an embedded Stripe sandbox's webhooks at this process's own Stripe endpoint. */
export function wireSandboxWebhooks(app: NestFastifyApplication, config: AppConfig): void {
  const sandbox = app.get(StripeSandbox);
  if (!sandbox.embedded) return;
  const { port } = app.getHttpServer().address() as { port: number };
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  sandbox.deliverWebhooksTo(`http://${host.includes(':') ? `[${host}]` : host}:${port}/v1/webhooks/stripe`);
}

/**
 * SIGTERM or SIGINT: /ready answers 503 at once, the listener stays open SHUTDOWN_DRAIN_SECONDS for
 * a load balancer to notice, then stops taking connections and answers every request already in
 * flight; only then do the ledger writer's connections, the queues and the pools close.
 */
function stopOnSignals(app: NestFastifyApplication, config: AppConfig): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.get(ShutdownState).begin();
    bootLogger.log(`${signal}: shutting down (/ready answers 503; requests in flight are answered first)`);
    try {
      if (config.role !== 'worker') {
        if (config.shutdown.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdown.drainMs));
        await app.getHttpAdapter().getInstance().close();
      }
      await app.close();
      bootLogger.log('Stopped');
      process.exit(0);
    } catch (error) {
      bootLogger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (received) => void stop(received));
}
