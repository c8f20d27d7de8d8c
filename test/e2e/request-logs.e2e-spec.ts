import { freePort } from '../support/free-port';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { eventually } from '../support/stripe';
import { ADMIN_KEY } from '../support/test-app';

/**
 * What a service process writes to its output, as an operator's log pipeline reads it: JSON lines,
 * one per request with the request id that audit rows and the support timeline carry, and never a
 * key or a secret, whatever the requests held.
 */
describe('Request logs', () => {
  let service: ServiceProcess;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = await startServiceProcess('src/main.ts', {
      ROLE: 'api',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      LOG_FORMAT: 'json',
      LOG_CALL_SAMPLE_RATE: '1',
    });
  }, 120_000);
  afterAll(() => service.kill('SIGTERM'));

  async function send(method: string, path: string, key: string, requestId: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'x-request-id': requestId, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  it('writes one JSON line per request with its request id, also in the audit rows and on the timeline, and no key', async () => {
    const agency = await send('POST', '/v1/agencies', ADMIN_KEY, 'logs-create-agency', {
      name: 'Logged Agency',
      ownerEmail: `logs-${Date.now()}@agency.test`,
    });
    expect(agency.status).toBe(201);
    const ownerKey: string = agency.body.apiKey;
    const subteam = await send('POST', `/v1/agencies/${agency.body.id}/subteams`, ownerKey, 'logs-create-subteam', { name: 'Logged team' });
    expect(subteam.status).toBe(201);
    const subteamKey: string = subteam.body.apiKey;
    expect((await send('POST', '/v1/calls/authorize', subteamKey, 'logs-authorize', { callId: 'logged-call', amount: '1.00' })).status).toBe(402);
    const wrongKey = 'aw_owner_NotARealKeyButShapedLikeOne0123456';
    expect((await send('GET', `/v1/agencies/${agency.body.id}/wallet?api_key=${ownerKey}`, wrongKey, 'logs-wrong-key')).status).toBe(401);

    const timeline = await send('GET', `/v1/support/agencies/${agency.body.id}/timeline?limit=50`, ADMIN_KEY, 'logs-timeline');
    expect(timeline.status).toBe(200);
    const created = timeline.body.data.find((row: { kind: string; data: { action?: string } }) => row.data.action === 'subteam.created');
    expect(created.data.requestId).toBe('logs-create-subteam');

    const lines = await eventually(async () => {
      const parsed = service
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, any>);
      expect(parsed.some((line) => line.params?.requestId === 'logs-timeline')).toBe(true);
      return parsed;
    });
    const byRequest = (id: string) => lines.filter((line) => line.context === 'HTTP' && line.params?.requestId === id);
    expect(byRequest('logs-create-agency')).toEqual([
      expect.objectContaining({ level: 'log', params: expect.objectContaining({ method: 'POST', path: '/v1/agencies', status: 201 }) }),
    ]);
    expect(byRequest('logs-authorize')).toHaveLength(1);
    expect(byRequest('logs-wrong-key')[0].params).toMatchObject({ status: 401, path: `/v1/agencies/${agency.body.id}/wallet` });

    const output = service.output();
    for (const secret of [ADMIN_KEY, ownerKey, subteamKey, wrongKey, ownerKey.slice(9), subteamKey.slice(11)]) expect(output).not.toContain(secret);
  }, 120_000);
});
