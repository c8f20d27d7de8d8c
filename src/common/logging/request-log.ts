import type { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** Authorize, extend, settle, release and direct usage: the routes a dialer calls per call. */
const CALL_ROUTES = /^\/v1\/(calls\/|usage$)/;

/**
 * One log line per request, written after the response has gone (never in its way): method, path
 * without the query, status, duration and the request id that X-Request-Id, audit rows and the
 * support timeline carry. The call routes are sampled (`callSampleRate`); their errors are not.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger, options: { callSampleRate: number; json: boolean }): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '';
    const sampled = !CALL_ROUTES.test(route) || reply.statusCode >= 500 || Math.random() < options.callSampleRate;
    if (sampled) {
      const line = {
        requestId: request.id,
        method: request.method,
        path: request.url.split('?', 1)[0],
        route: route || null,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      };
      // JSON lines carry the fields; readable lines say them once, in the message.
      const message = `${line.method} ${line.path} ${line.status} ${line.durationMs} ms [${line.requestId}]`;
      setImmediate(() => (options.json ? logger.log(message, line) : logger.log(message)));
    }
    done();
  });
}
