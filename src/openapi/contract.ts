import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { errorCodesOf } from './document';
import { ERROR_CODES, type ErrorCode, errorBody } from './errors';
import type { RouteInfo } from './routes';

/** Codes any route may answer whatever it documents: framework edges, outages, faults. */
const ANY_ROUTE: ErrorCode[] = [
  'validation_error',
  'not_found',
  'unsupported_media_type',
  'rate_limited',
  'service_unavailable',
  'internal_error',
  'unauthorized',
];

const describe = (issues: z.core.$ZodIssue[]) =>
  issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');

/**
 * The e2e contract check: every response the app sends in a test is checked against what its
 * route documents (`@ApiDoc` responses, and the error catalogue). Mismatches are collected and
 * the test app's close() fails the suite with them.
 */
export class ContractCheck {
  private readonly byRoute = new Map<string, RouteInfo>();
  readonly mismatches: string[] = [];
  checked = 0;

  constructor(routes: RouteInfo[]) {
    for (const route of routes) this.byRoute.set(`${route.method} ${route.url}`, route);
  }

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const url = request.routeOptions.url;
      if (url) {
        try {
          this.check(request.method, url, reply.statusCode, payload);
        } catch (error) {
          this.mismatches.push(`${request.method} ${url} → ${reply.statusCode}: contract check failed: ${String(error)}`);
        }
      }
      done(null, payload);
    });
  }

  check(method: string, url: string, status: number, payload: unknown): void {
    const route = this.byRoute.get(`${method} ${url}`);
    const where = `${method} ${url} → ${status}`;
    if (!route?.doc) {
      if (url.startsWith('/v1/') && method !== 'HEAD' && method !== 'OPTIONS') this.mismatches.push(`${where}: the route has no @ApiDoc`);
      return;
    }
    if (payload !== undefined && payload !== null && typeof payload !== 'string') return; // streams and files: not JSON
    this.checked++;
    const text = payload ?? '';
    if (status >= 400 && !(status in route.doc.responses)) {
      const parsed = errorBody.safeParse(parseJson(text));
      if (!parsed.success) return void this.mismatches.push(`${where}: not the documented error body: ${describe(parsed.error.issues)}`);
      const code = parsed.data.error.code;
      if (!(ERROR_CODES[code].statuses as readonly number[]).includes(status)) {
        return void this.mismatches.push(`${where}: error code ${code} is documented with status ${ERROR_CODES[code].statuses.join('/')}`);
      }
      if (!ANY_ROUTE.includes(code) && !errorCodesOf(route).includes(code)) {
        this.mismatches.push(`${where}: error code ${code} is not documented for ${route.where}: add it to its @ApiDoc errors`);
      }
      return;
    }
    if (!(status in route.doc.responses)) {
      return void this.mismatches.push(`${where}: status ${status} is not documented for ${route.where} (add it to its @ApiDoc responses)`);
    }
    const schema = route.doc.responses[status];
    if (schema === null) {
      if (text !== '') this.mismatches.push(`${where}: documented without a body, but answered one`);
      return;
    }
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) {
      this.mismatches.push(`${where}: the body does not match the schema in ${route.where}'s @ApiDoc: ${describe(parsed.error.issues)}`);
    }
  }

  /** Throws when any response did not match its documentation. */
  assertClean(): void {
    if (!this.mismatches.length) return;
    const unique = [...new Set(this.mismatches)];
    throw new Error(
      `${unique.length} response(s) did not match the OpenAPI document (the route's @ApiDoc; see README "API reference (OpenAPI)"):\n  ` +
        unique.slice(0, 20).join('\n  '),
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
