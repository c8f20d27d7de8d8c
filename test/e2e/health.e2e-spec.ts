import { MetricsServer } from '../../src/health/metrics.server';
import { expectError } from '../support/matrix';
import { startServiceProcess } from '../support/service-process';
import { ADMIN_KEY, type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';

describe('Operations: health, readiness, metrics and unknown routes', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');
  });
  afterAll(() => t.close());

  it('GET /health → 200 without any API key (and with a bad one)', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    await t.http.get('/health').set(bearer('not-a-key')).expect(200);
  });

  it('GET /ready → 200 with PostgreSQL and Redis reported up', async () => {
    const res = await t.http.get('/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
  });

  it('the operations endpoints live at the root, not under /v1', async () => {
    expectError(await t.http.get('/v1/health').set(bearer(ADMIN_KEY)), 404, 'not_found');
  });

  it('the public port has no /metrics: 404 with the SPEC error body, with or without a key', async () => {
    expectError(await t.http.get('/metrics'), 404, 'not_found');
    expectError(await t.http.get('/metrics').set(bearer(ADMIN_KEY)), 404, 'not_found');
    expectError(await t.http.get('/v1/metrics').set(bearer(ADMIN_KEY)), 404, 'not_found');
  });

  it('metrics are served on their own listener, bound to loopback by default', async () => {
    const url = new URL(t.app.get(MetricsServer).url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.port).not.toBe(String(new URL(await t.app.getUrl()).port));
    expect((await fetch(new URL('/nope', url))).status).toBe(404);
  });

  it('GET /metrics on METRICS_PORT → Prometheus text with request latency and ledger batch sizes after a call', async () => {
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'metrics-call', amount: '1.00' }).expect(201);
    await t.http.post('/v1/calls/metrics-call/settle').set(bearer(subteam.key)).send({ cost: '0.50' }).expect(200);

    const res = await fetch(t.app.get(MetricsServer).url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^# HELP http_request_duration_seconds /m);
    expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE ledger_batch_size histogram$/m);

    // The authorize request was observed under its route template, with its status.
    const authorizeCount = /^http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm;
    const observed = [...text.matchAll(authorizeCount)].filter(
      ([, labels]) => labels.includes('route="/v1/calls/authorize"') && labels.includes('status="201"'),
    );
    expect(observed.length).toBe(1);
    expect(Number(observed[0][2])).toBeGreaterThanOrEqual(1);

    // Settle is recorded by route template, not by the concrete call id.
    expect(text).not.toContain('metrics-call');

    const batches = /^ledger_batch_size_count (\d+)$/m.exec(text);
    expect(batches).not.toBeNull();
    expect(Number(batches![1])).toBeGreaterThanOrEqual(2);
  });

  it('metrics never expose API keys or request bodies', async () => {
    const text = await (await fetch(t.app.get(MetricsServer).url)).text();
    expect(text).not.toContain(subteam.key);
    expect(text).not.toContain(agency.ownerKey);
    expect(text).not.toContain(ADMIN_KEY);
  });

  it('a worker process (ROLE=worker, no HTTP API) serves its own metrics', async () => {
    const worker = await startServiceProcess('src/worker.ts', {
      DATABASE_URL: process.env.DATABASE_URL!,
      QUEUE_PREFIX: `aw-metrics-${process.pid}-${Date.now()}`,
      // Its schedules must not wander into other suites' rows while it runs.
      SWEEP_INTERVAL_SECONDS: '3600',
      NOTIFICATION_SWEEP_SECONDS: '3600',
      AGENCY_WEBHOOK_SWEEP_SECONDS: '3600',
    });
    try {
      const url = /Metrics on (http:\/\/[\w.:[\]]+\/metrics)/.exec(worker.output())?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const res = await fetch(url!);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
      expect(text).toMatch(/^# TYPE ledger_batch_size histogram$/m);
    } finally {
      await worker.kill('SIGTERM');
    }
  });

  it.each([
    ['GET', '/v1/nope'],
    ['GET', '/nope'],
    ['POST', '/v1/calls'],
    ['GET', '/v1/calls/authorize'],
    ['DELETE', `/v1/agencies/00000000-0000-4000-8000-000000000000`],
  ])('%s %s (unknown route) → 404 with the SPEC error body', async (method, path) => {
    const req = t.http[method.toLowerCase() as 'get' | 'post' | 'delete'](path).set(bearer(ADMIN_KEY));
    const res = await req;
    expectError(res, 404, 'not_found');
  });

  it('an unknown route without a key is still a 404 error body, not a stack trace', async () => {
    const res = await t.http.get('/v1/does/not/exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String), details: {} } });
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
