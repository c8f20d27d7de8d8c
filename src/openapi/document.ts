import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { AGENCY_EVENT_TYPES } from '../agency-webhooks/agency-webhooks.events';
import type { ApiDocOptions } from './api-doc';
import { ERROR_CODES, type ErrorCode, errorBody } from './errors';
import type { RouteInfo } from './routes';
import { AGENCY_EVENT_HEADERS, agencyEventSchema, WEBHOOK_SIGNATURE_DESCRIPTION } from './webhook-events';

export const DOCUMENTING_A_ROUTE = `Document it next to the route: add @ApiDoc({ summary, tag, responses: { <status>: <zod schema of the JSON body, or null for none> } })
from src/openapi/api-doc.ts, and validate its body, query and path ids with ZodPipe (@Body(new ZodPipe(schema)), @Query(...), @Param('id', new ZodPipe(uuidParam)));
the document reads the request from those pipes. Then run \`npm run client:generate\`. README.md, "API reference (OpenAPI)", says more.`;

/** Routes that must be documented: every /v1 route (console pages and the like are not API). */
export const mustBeDocumented = (route: { url: string }) => route.url.startsWith('/v1/');

export function undocumentedRoutes(routes: RouteInfo[]): RouteInfo[] {
  return routes.filter((route) => mustBeDocumented(route) && !route.doc);
}

/** Every error code a route may answer: its own, plus those every route of its kind may. */
export function errorCodesOf(route: RouteInfo): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.doc?.errors ?? []);
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method) && (route.body || route.doc?.requestBody);
  if (!route.public) ['unauthorized', 'rate_limited'].forEach((code) => codes.add(code as ErrorCode));
  if (route.roles) codes.add('forbidden');
  if (route.body || route.query || Object.values(route.params).some(Boolean) || route.signed) codes.add('validation_error');
  if (hasBody) codes.add('unsupported_media_type');
  if (Object.keys(route.params).length) codes.add('not_found');
  if (route.doc?.idempotency) codes.add('idempotency_conflict');
  if (mustBeDocumented(route)) codes.add('service_unavailable');
  return [...codes];
}

const requestIdHeader = {
  'X-Request-Id': {
    description: 'The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support',
    schema: { type: 'string' as const },
  },
};
const replayedHeader = {
  'Idempotent-Replayed': {
    description: '`true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice',
    schema: { type: 'string' as const, enum: ['true'] },
  },
};
const retryAfterHeader = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const } },
};

function operationOf(route: RouteInfo, doc: ApiDocOptions): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, schema] of Object.entries(doc.responses)) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: schema ? 'Success' : 'Success, no body',
      headers: { ...requestIdHeader, ...(doc.idempotency ? replayedHeader : {}) },
      ...(schema ? { content: { 'application/json': { schema } } } : {}),
    };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(route)) {
    for (const status of ERROR_CODES[code].statuses) {
      if (status === 400 && !route.signed) continue;
      if (status === 405) continue;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const retry = codes.some((code) => 'retryAfter' in ERROR_CODES[code]);
    responses[String(status) as `4${string}`] = {
      description: codes.map((code) => `\`${code}\`: ${ERROR_CODES[code].description}`).join('\n\n'),
      headers: { ...requestIdHeader, ...(retry ? retryAfterHeader : {}) },
      content: { 'application/json': { schema: errorBody } },
    };
  }

  const path = Object.fromEntries(Object.entries(route.params).map(([name, schema]) => [name, schema ?? z.string()]));
  const header: Record<string, z.ZodType> = {};
  if (route.headers.includes('idempotency-key')) {
    header['Idempotency-Key'] = z.string().max(255).optional().meta({
      description:
        'Any unique string per intended operation; a retry with the same key (after a timeout, say) repeats the first answer instead of doing it twice',
    });
  }
  for (const name of route.headers.filter((header) => header !== 'idempotency-key')) {
    const spelled = name.replace(/(^|-)(\w)/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
    header[spelled] = route.signed ? z.string().meta({ description: 'The signature over the raw body' }) : z.string().optional();
  }
  const body = route.body ?? doc.requestBody;
  const notes = [
    doc.description,
    route.public
      ? route.signed
        ? 'Authenticated by its signature header, not an API key.'
        : 'No authentication.'
      : `API key roles: ${(route.roles ?? []).join(', ') || 'any'}.`,
    doc.idempotency === 'natural'
      ? 'Idempotent by its own key: sending the same request again repeats the first answer (`Idempotent-Replayed: true`).'
      : undefined,
    doc.idempotency === 'header' ? 'Send an `Idempotency-Key` header to make retries safe.' : undefined,
    doc.paginated ? 'Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.' : undefined,
  ].filter(Boolean);
  return {
    operationId: operationIdOf(route),
    summary: doc.summary,
    description: notes.join('\n\n'),
    tags: [doc.tag],
    ...(route.public ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(route.roles ? { 'x-roles': route.roles } : {}),
    requestParams: {
      ...(Object.keys(path).length ? { path: z.object(path) } : {}),
      ...(route.query ? { query: route.query as z.ZodObject } : {}),
      ...(Object.keys(header).length ? { header: z.object(header) } : {}),
    },
    // A body whose every field is optional may be left out (the pipes validate a missing body as {}).
    ...(body ? { requestBody: { required: !body.safeParse({}).success, content: { 'application/json': { schema: body } } } } : {}),
    responses,
  };
}

/** A stable, readable operation id from the handler: `CallsController.authorize` → `calls_authorize`. */
function operationIdOf(route: RouteInfo): string {
  const [controller, handler] = route.where.split(' ')[0].split('.');
  return `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${handler}`;
}

/** The reference page's sections, in this order: what a call flow needs first. */
const TAGS: [string, string][] = [
  ['Calls', 'Holds for phone calls (authorize, extend, settle, release) and direct usage. Subteam keys; idempotent by call id or reference.'],
  ['Wallet', 'Balance, holds, the ledger and spend insights.'],
  ['Payments', 'Payment methods, top-ups and reload attempts (Stripe).'],
  ['Billing settings', 'Auto-reload and the low-balance alert.'],
  ['Webhook endpoint', "Where this agency's events are sent, and how deliveries went. The events themselves are under Webhooks."],
  ['Subteams', 'The teams that run calls, their limits and pauses.'],
  ['API keys', 'Owner and subteam keys: issue, rotate, revoke.'],
  ['Agencies', 'Agencies and the calling key.'],
  ['Notifications', 'Emails to the owner.'],
  ['Support', 'Staff tools: search, timelines, adjustments, retries, the audit log.'],
  ['Operations', "Health, readiness, and Stripe's webhook."],
  ['Webhooks (sent to you)', 'Events POSTed to your endpoint, signed with Agency-Wallet-Signature.'],
];

export function buildDocument(routes: RouteInfo[], version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    if (!route.doc) continue;
    const item = (paths[route.path] ??= {});
    (item as Record<string, ZodOpenApiOperationObject>)[route.method.toLowerCase()] = operationOf(route, route.doc);
  }
  const webhooks: ZodOpenApiPathsObject = {};
  for (const type of AGENCY_EVENT_TYPES) {
    webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace('.', '_')}`,
        summary: `Event ${type}`,
        description: WEBHOOK_SIGNATURE_DESCRIPTION,
        tags: ['Webhooks (sent to you)'],
        requestParams: { header: AGENCY_EVENT_HEADERS },
        requestBody: { required: true, content: { 'application/json': { schema: agencyEventSchema(type) } } },
        responses: {
          '2XX': { description: 'Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff.' },
        },
      },
    };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Agency Wallet API',
      version,
      description:
        'A shared, prepaid wallet for agencies whose subteams run phone-call flows. Every body is JSON; money is a decimal string. ' +
        'Errors are `{"error": {"code", "message", "details"}}` with the codes listed on each operation. ' +
        'Every response carries `X-Request-Id`. Retries: call routes are idempotent by call id or usage reference, top-ups and adjustments by `Idempotency-Key`; ' +
        'a repeat answers `Idempotent-Replayed: true`. 429 and 503 answers carry `Retry-After`.',
    },
    servers: [{ url: '/' }],
    tags: TAGS.map(([name, description]) => ({ name, description })),
    security: [{ bearer: [] }],
    paths,
    webhooks,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key: `Authorization: Bearer aw_…`. Owner keys manage their agency; subteam keys run calls; support and admin keys are for staff.',
        },
      },
    },
  });
}
