import type { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Authorize, extend, settle, release and direct usage: the routes a dialer calls per call. */
const CALL_ROUTES = /^\/v1\/(calls\/|usage$)/;

/**
 * One log line per request, written after the response has gone (never in its way): method, path
 * without the query, status, duration and the request id that X-Request-Id, audit rows and the
 * support timeline carry. The call routes are sampled (`callSampleRate`); their errors are not.
 * Returns what the service's one `onResponse` hook calls for each request.
 */
export function requestLog(
  logger: Logger,
  options: { callSampleRate: number; json: boolean },
): (request: FastifyRequest, reply: FastifyReply) => void {
  // Whether a route is a call route, decided once per route rather than by a regex per request.
  const callRoute = new Map<string, boolean>();
  const isCallRoute = (route: string) => {
    let known = callRoute.get(route);
    if (known === undefined) callRoute.set(route, (known = CALL_ROUTES.test(route)));
    return known;
  };
  return (request, reply) => {
    const route = request.routeOptions.url ?? '';
    const sampled = reply.statusCode >= 500 || !isCallRoute(route) || Math.random() < options.callSampleRate;
    if (!sampled) return;
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
  };
}
