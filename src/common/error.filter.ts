import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseTrouble } from '../database/unavailable';
import { BadSignatureError, DomainError, ServiceUnavailableError, UnauthorizedError } from './errors';
import { REQUEST_ID_HEADER } from './http/request-id';
import { isReplayedError } from './replay';

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const HTTP_CODES: Record<number, string> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'idempotency_conflict',
  413: 'validation_error',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'rate_limited',
};

/** Where an outage is reported, to be logged once per outage rather than once per request (health/'s DependencyHealth). */
export interface OutageLog {
  unavailable(dependency: 'PostgreSQL' | 'Redis', error: unknown): void;
}

/** What the filter tells others besides answering: outages, and failed authentications by address. */
export interface ErrorFilterWatchers {
  outages: OutageLog;
  failedAuthentication(clientIp: string): void;
}

/**
 * The one place where errors become HTTP: the SPEC body, and never a stack trace or SQL. Failed
 * authentications (a bad key, a bad webhook signature) are reported with the client's address,
 * whichever part of the app refused them (auth/ counts them). AuthModule registers it, handing it
 * its watchers, so that common/ knows nothing of auth/ or health/.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  constructor(private readonly watchers: ErrorFilterWatchers) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    if (error instanceof UnauthorizedError || error instanceof BadSignatureError) {
      this.watchers.failedAuthentication(http.getRequest<FastifyRequest>().ip);
    }
    sendError(http.getResponse<FastifyReply>(), error, this.logger, this.watchers.outages);
  }
}

/** Also used for errors Fastify raises while routing, before Nest sees the request. */
export function sendError(reply: FastifyReply, raised: unknown, logger: Logger, dependencies?: OutageLog): void {
  const { error, status, body } = errorResponse(raised, logger, dependencies);
  // Every error that may go away by itself says when to try again (overload, rate limits, outages).
  const retryAfter = error instanceof DomainError ? (error as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  if (typeof retryAfter === 'number') void reply.header('Retry-After', String(retryAfter));
  if (isReplayedError(error)) void reply.header('Idempotent-Replayed', 'true');
  // Errors raised while routing come here before the request hooks that set it on everything else.
  if (!reply.hasHeader(REQUEST_ID_HEADER)) void reply.header(REQUEST_ID_HEADER, reply.request.id);
  void reply.status(status).send(body);
}

/**
 * The status and SPEC body an error answers: for a whole response, or for one operation of a
 * batch (each answered on its own). `error` is what was answered, after outages are recognised.
 */
export function errorResponse(raised: unknown, logger: Logger, dependencies?: OutageLog): { error: unknown; status: number; body: ErrorBody } {
  const error = unavailable(raised, logger, dependencies) ?? raised;
  const [status, body] = toResponse(error, logger);
  return { error, status, body };
}

/**
 * A database or Redis that is away becomes 503 service_unavailable, logged once per outage (the
 * outage's start and end) rather than once per request. A deadlock or serialization failure that
 * survived the retries is 503 too: the same request works when sent again.
 */
function unavailable(error: unknown, logger: Logger, dependencies?: OutageLog): ServiceUnavailableError | undefined {
  if (error instanceof ServiceUnavailableError) {
    if (error.dependency) dependencies?.unavailable(error.dependency, error.cause ?? error);
    return error;
  }
  const trouble = databaseTrouble(error);
  if (trouble === 'outage') dependencies?.unavailable('PostgreSQL', error);
  if (trouble === 'contention') logger.warn(`Answered 503 to a database conflict that outlived its retries: ${(error as Error).message}`);
  return trouble ? ServiceUnavailableError.dependencyDown('PostgreSQL', trouble === 'outage' ? 2 : 1) : undefined;
}

function toResponse(error: unknown, logger: Logger): [number, ErrorBody] {
  if (error instanceof DomainError) {
    return [error.status, body(error.code, error.message, error.details)];
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    // Framework errors: unknown routes, malformed JSON or URLs, oversized or non-JSON bodies.
    const code = HTTP_CODES[status] ?? 'validation_error';
    const httpStatus = code === 'validation_error' ? 422 : status;
    return [httpStatus, body(code, frameworkMessage(error, status))];
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return [500, body('internal_error', 'Something went wrong on our side; it has been logged')];
}

function body(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details } };
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function frameworkMessage(error: unknown, status: number): string {
  const code = (error as { code?: string })?.code;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return 'Send the body as JSON: Content-Type: application/json';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is too large';
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return 'A path segment is too long';
  if (code === 'FST_ERR_BAD_URL') return 'The URL is malformed';
  if (status === 400) return 'The request body is not valid JSON';
  if (status === 404 || status === 405) return 'No such route';
  return error instanceof Error ? error.message : 'Bad request';
}
