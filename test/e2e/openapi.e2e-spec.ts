import { AGENCY_EVENT_TYPES } from '../../src/agency-webhooks/agency-webhooks.events';
import { routesServedBy } from '../../src/bootstrap';
import { DOCUMENTING_A_ROUTE, mustBeDocumented } from '../../src/openapi/document';
import { ERROR_CODE_NAMES } from '../../src/openapi/errors';
import { apiDocument, apiRoutes } from '../../src/openapi/api-routes';
import { type TestApp, startTestApp } from '../support/test-app';

describe('OpenAPI document and API reference', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('documents every /v1 route the server serves, with its request read from its ZodPipes and its responses', () => {
    const documented = apiRoutes();
    const served = routesServedBy(t.app).filter((route) => mustBeDocumented(route) && route.method !== 'HEAD' && route.method !== 'OPTIONS');
    expect(served.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const route of served) {
      const found = documented.find((candidate) => candidate.method === route.method && candidate.url === route.url);
      if (!found) {
        problems.push(`${route.method} ${route.url}: served, but not by a controller in API_MODULES (src/app.module.ts), so it cannot be documented`);
      } else if (!found.doc) {
        problems.push(`${found.where}: no @ApiDoc`);
      } else if (!Object.keys(found.doc.responses).some((status) => Number(status) < 400)) {
        problems.push(`${found.where}: @ApiDoc documents no success response`);
      } else if (found.unvalidated.length) {
        problems.push(`${found.where}: reads ${found.unvalidated.join(', ')} without a ZodPipe, so its request is not documented`);
      }
    }
    if (problems.length) throw new Error(`Undocumented API routes:\n  ${problems.join('\n  ')}\n\n${DOCUMENTING_A_ROUTE}`);
  });

  it('serves the document at /openapi.json: OpenAPI 3.1, bearer auth, every error code, idempotency, Retry-After, webhooks with their signature', async () => {
    const res = await t.http.get('/openapi.json').expect(200).expect('Content-Type', /json/);
    const document = res.body;
    expect(document).toEqual(JSON.parse(JSON.stringify(apiDocument())));
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error.properties.error.properties.code.enum).toEqual(ERROR_CODE_NAMES);
    expect(Object.keys(document.webhooks).sort()).toEqual([...AGENCY_EVENT_TYPES].sort());
    expect(document.webhooks['reload.failed'].post.parameters.map((p: { name: string }) => p.name)).toContain('Agency-Wallet-Signature');
    expect(document.webhooks['reload.failed'].post.description).toContain('HMAC-SHA256');

    const topUp = document.paths['/v1/agencies/{agencyId}/wallet/top-ups'].post;
    expect(topUp.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'Idempotency-Key' })]));
    expect(topUp.responses['201'].headers).toHaveProperty('Idempotent-Replayed');
    expect(topUp.responses['402'].description).toContain('payment_failed');
    expect(topUp.responses['503'].headers).toHaveProperty('Retry-After');
    expect(topUp.responses['429'].headers).toHaveProperty('Retry-After');
    expect(topUp.requestBody.content['application/json'].schema.properties.amount).toMatchObject({ type: 'string' });

    const authorize = document.paths['/v1/calls/authorize'].post;
    expect(authorize.security).toEqual([{ bearer: [] }]);
    expect(authorize.requestBody.content['application/json'].schema).toMatchObject({ required: ['callId', 'amount'], additionalProperties: false });
    expect(authorize.responses['201'].headers).toHaveProperty('X-Request-Id');
    expect(authorize.responses['402'].description).toContain('insufficient_funds');

    const entries = document.paths['/v1/agencies/{agencyId}/wallet/entries'].get;
    expect(entries.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['agencyId', 'limit', 'cursor']));
    expect(entries.responses['200'].content['application/json'].schema.properties).toHaveProperty('nextCursor');

    // Every code of the SPEC list is documented on some operation.
    const described = JSON.stringify(document.paths);
    for (const code of ERROR_CODE_NAMES.filter((name) => name !== 'internal_error')) expect(described).toContain(`\`${code}\``);
  });

  it('serves a reference page at /docs whose scripts come from this server, not a CDN', async () => {
    const page = await t.http
      .get('/docs')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.text).toContain('/openapi.json');
    expect(page.text).not.toMatch(/(src|href)="https?:/);
    const scripts = [...page.text.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toEqual(expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']));
    for (const asset of scripts) {
      const res = await t.http.get(asset).expect(200);
      expect(Number(res.headers['content-length'] ?? res.body.length)).toBeGreaterThan(100);
    }
    await t.http.get('/docs/package.json').expect(404);
  });
});
