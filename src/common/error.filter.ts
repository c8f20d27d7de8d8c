import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, OverloadedError } from './errors';

interface ErrorBody {
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
  415: 'validation_error',
  422: 'validation_error',
  429: 'rate_limited',
};

/** The one place where errors become HTTP: the SPEC body, and never a stack trace or SQL. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.toResponse(error);
    if (error instanceof OverloadedError) reply.header('Retry-After', String(error.retryAfterSeconds));
    void reply.status(status).send(body);
  }

  private toResponse(error: unknown): [number, ErrorBody] {
    if (error instanceof DomainError) {
      return [error.status, body(error.code, error.message, error.details)];
    }
    const status = httpStatusOf(error);
    if (status !== undefined && status < 500) {
      // Framework errors: unknown routes, malformed JSON, oversized or non-JSON bodies.
      const code = HTTP_CODES[status] ?? 'bad_request';
      const httpStatus = code === 'validation_error' ? 422 : status;
      return [httpStatus, body(code, frameworkMessage(error, status))];
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [500, body('internal_error', 'Something went wrong on our side; it has been logged')];
  }
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
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Send the body as application/json';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is too large';
  if (status === 400) return 'The request body is not valid JSON';
  if (status === 404 || status === 405) return 'No such route';
  return error instanceof Error ? error.message : 'Bad request';
}
