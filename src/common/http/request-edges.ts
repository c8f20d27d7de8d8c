import type { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { sendError } from '../error.filter';
import { UnsupportedMediaTypeError, ValidationError } from '../errors';
import { REQUEST_ID_HEADER } from './request-id';

export interface InvalidText {
  /** Where it is: `description`, `metadata.tags.0`, `query.from`, `params.callId`. */
  path: string;
  message: string;
}

type WellFormed = { isWellFormed(): boolean };

function problemOf(text: string): string | undefined {
  if (text.includes('\0')) return 'must not contain NUL characters';
  if (!(text as unknown as WellFormed).isWellFormed()) return 'must be valid Unicode text (it contains a lone surrogate)';
  return undefined;
}

/**
 * True when some string (value or key, at any depth) holds a NUL character or a lone surrogate.
 * The quick test every request takes: a plain stack of values, no paths built, so a clean body
 * (nearly all of them) costs a walk and nothing else; `findInvalidText` names the field after.
 */
export function holdsInvalidText(value: unknown): boolean {
  if (typeof value === 'string') return problemOf(value) !== undefined;
  if (value === null || typeof value !== 'object') return false;
  const stack: unknown[] = [value];
  while (stack.length) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (current.includes('\0') || !(current as unknown as WellFormed).isWellFormed()) return true;
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current)) {
      if (Array.isArray(current)) {
        for (const item of current) if (item !== null && typeof item !== 'number' && typeof item !== 'boolean') stack.push(item);
      } else {
        for (const key in current) {
          if (!Object.hasOwn(current, key)) continue;
          if (key.includes('\0') || !(key as unknown as WellFormed).isWellFormed()) return true;
          const item = (current as Record<string, unknown>)[key];
          if (item !== null && typeof item !== 'number' && typeof item !== 'boolean') stack.push(item);
        }
      }
    }
  }
  return false;
}

/** A key as it can be shown back: escaped when it holds the very characters being refused. */
const printable = (key: string) => (problemOf(key) ? JSON.stringify(key).slice(1, -1) : key);

/**
 * The first string (value or key, at any depth) holding a NUL character or a lone surrogate,
 * which PostgreSQL cannot store as text. Walks with its own stack, so no nesting depth overflows it.
 */
export function findInvalidText(value: unknown, prefix = ''): InvalidText | undefined {
  const stack: Array<[unknown, string]> = [[value, prefix]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      const message = problemOf(current);
      if (message) return { path: path || '(body)', message };
    } else if (ArrayBuffer.isView(current)) {
      continue; // raw bytes (a body no parser turned into JSON) hold no text to check
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], path ? `${path}.${i}` : String(i)]);
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const keyPath = path ? `${path}.${printable(key)}` : printable(key);
        const keyProblem = problemOf(key);
        if (keyProblem) return { path: keyPath, message: `(a field name) ${keyProblem}` };
        stack.push([(current as Record<string, unknown>)[key], keyPath]);
      }
    }
  }
  return undefined;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True when a request to the JSON API carries a body in another media type. */
export function hasNonJsonBody(request: Pick<FastifyRequest, 'method' | 'headers'>): boolean {
  if (!BODY_METHODS.has(request.method)) return false;
  const contentType = request.headers['content-type'];
  if (contentType === undefined) return false; // a body without a type is refused by Fastify's parser (415)
  const empty = request.headers['transfer-encoding'] === undefined && (request.headers['content-length'] ?? '0') === '0';
  if (empty) return false;
  return contentType.split(';', 1)[0].trim().toLowerCase() !== 'application/json';
}

/**
 * API routes whose callers send forms, not JSON: Twilio's callbacks, and the one-click unsubscribe
 * that mail clients POST as `List-Unsubscribe=One-Click` (RFC 8058). Nest's Fastify adapter
 * parses such bodies already.
 */
const FORM_ROUTES = ['webhooks/twilio/', 'notification-preferences/'];

function takesForms(url: string, apiPrefix: string): boolean {
  return FORM_ROUTES.some((route) => url.startsWith(`${apiPrefix}${route}`));
}

/**
 * What every request goes through before a route sees it: its id (echoed as X-Request-Id on every
 * response, errors included), JSON-only bodies on the API (415 otherwise; the console's pages may
 * take HTML forms), and no NUL or lone surrogate anywhere in the body, query or path parameters
 * (422 naming the field). The text check runs before any guard or handler, so such a request
 * never reaches the ledger writer and cannot fail the batch it would have joined.
 */
export function registerRequestEdges(fastify: FastifyInstance, apiPrefix: string, logger: Logger, options: { closing?: () => boolean } = {}): void {
  const closing = options.closing ?? (() => false);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // Once shutdown began, every answer closes its connection, so the listener empties as soon as
    // the requests in flight are answered instead of waiting for idle keep-alive connections.
    if (closing()) void reply.header('Connection', 'close');
    if (request.url.startsWith(apiPrefix) && !takesForms(request.url, apiPrefix) && hasNonJsonBody(request)) {
      return sendError(reply, new UnsupportedMediaTypeError(), logger);
    }
    done();
  });

  fastify.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!holdsInvalidText(request.body) && !holdsInvalidText(request.query) && !holdsInvalidText(request.params)) return done();
    const invalid = findInvalidText(request.body) ?? findInvalidText(request.query, 'query') ?? findInvalidText(request.params, 'params');
    if (invalid) {
      const error = new ValidationError(`Invalid request: ${invalid.path}: ${invalid.message}`, {
        field: invalid.path,
        fields: [invalid],
      });
      return sendError(reply, error, logger);
    }
    done();
  });
}
