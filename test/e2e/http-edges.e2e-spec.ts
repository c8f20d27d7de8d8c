import { type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { auditLogOf, expectError } from '../support/matrix';
import {
  ADMIN_KEY,
  type Agency,
  type Subteam,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the edge of the HTTP API does before any route: ids, media types, text, timeouts. */
describe('HTTP edges', () => {
  let t: TestApp;
  let agency: Agency;
  let subteam: Subteam;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    subteam = await createSubteam(t, agency);
    await fund(t, agency, '100.00');
  });
  afterAll(() => t.close());

  describe('X-Request-Id', () => {
    const responses: Array<[string, () => Promise<Response>, number]> = [
      ['a success', () => t.http.get('/v1/me').set(bearer(agency.ownerKey)), 200],
      ['the health check', () => t.http.get('/health'), 200],
      ['401', () => t.http.get('/v1/me'), 401],
      ['403', () => t.http.post('/v1/agencies').set(bearer(agency.ownerKey)).send({ name: 'x', ownerEmail: 'x@agency.test' }), 403],
      ['404 from the router', () => t.http.get('/v1/no/such/route'), 404],
      ['404 outside the API prefix', () => t.http.get('/nothing-here'), 404],
      ['415', () => t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).set('Content-Type', 'text/plain').send('hello'), 415],
      [
        '422 from the framework (malformed JSON)',
        () => t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).set('Content-Type', 'application/json').send('{"callId":'),
        422,
      ],
      ['422 from validation', () => t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'x' }), 422],
      [
        '422 for a NUL character',
        () => t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '1.00', reference: 'r', description: 'a\u0000b' }),
        422,
      ],
      ['a malformed URL', () => t.http.get('/v1/agencies/%E0%A4%A'), 422],
    ];

    it.each(responses)('is on %s, fresh when the caller sends none', async (_label, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it.each(responses)('echoes the caller’s own id on %s', async (_label, send, status) => {
      const res = await (send() as unknown as { set(name: string, value: string): Promise<Response> }).set('X-Request-Id', 'trace-1.2:3_four-5');
      expect(res.status).toBe(status);
      expect(res.headers['x-request-id']).toBe('trace-1.2:3_four-5');
    });

    it('replaces an id that is too long or has characters outside [A-Za-z0-9._:-]', async () => {
      for (const given of ['x'.repeat(129), 'has space', 'semi;colon', '<script>', 'ümlaut', '']) {
        const res = await t.http.get('/v1/me').set(bearer(agency.ownerKey)).set('X-Request-Id', given);
        expect(res.headers['x-request-id']).toMatch(UUID);
      }
      const longest = 'y'.repeat(128);
      expect((await t.http.get('/v1/me').set(bearer(agency.ownerKey)).set('X-Request-Id', longest)).headers['x-request-id']).toBe(longest);
    });

    it('is on a 429', async () => {
      const limited = await startTestApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '1' });
      try {
        const owner = await createAgency(limited);
        await limited.http.get('/v1/me').set(bearer(owner.ownerKey));
        const res = await limited.http.get('/v1/me').set(bearer(owner.ownerKey)).set('X-Request-Id', 'limited-1');
        expectError(res, 429, 'rate_limited');
        expect(res.headers['x-request-id']).toBe('limited-1');
      } finally {
        await limited.close();
      }
    });

    it('goes into the audit rows of what the request did, support reads included', async () => {
      const audited = await createAgency(t);
      await t.http
        .patch(`/v1/agencies/${audited.id}`)
        .set(bearer(audited.ownerKey))
        .set('X-Request-Id', 'owner-rename-42')
        .send({ name: 'Renamed by the owner' })
        .expect(200);
      const support = await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `support-${Date.now()}@wallet.test` })
        .expect(201);
      await t.http.get(`/v1/agencies/${audited.id}/wallet`).set(bearer(support.body.apiKey)).set('X-Request-Id', 'support-look-7').expect(200);
      const unnamed = await t.http.get(`/v1/agencies/${audited.id}/subteams`).set(bearer(support.body.apiKey)).expect(200);

      const log = await auditLogOf(t, audited.id);
      const rows = log as Array<(typeof log)[number] & { requestId: string | null }>;
      expect(rows.find((row) => row.action === 'agency.updated')?.requestId).toBe('owner-rename-42');
      const reads = rows.filter((row) => row.action === 'support.agency_read');
      expect(reads.map((row) => row.requestId).sort()).toEqual(['support-look-7', unnamed.headers['x-request-id']].sort());
    });
  });

  describe('JSON bodies only', () => {
    it.each([
      ['text/plain', '{"callId":"as-text","amount":"1.00"}'],
      ['application/x-www-form-urlencoded', 'callId=as-form&amount=1.00'],
      ['application/xml', '<call><callId>as-xml</callId></call>'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="callId"\r\n\r\nas-multipart\r\n--x--'],
    ])('%s on a route that takes a body → 415 unsupported_media_type, nothing authorized', async (contentType, text) => {
      const before = await walletOf(t, agency);
      const res = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).set('Content-Type', contentType).send(text);
      expectError(res, 415, 'unsupported_media_type');
      expect(await walletOf(t, agency)).toEqual(before);
    });

    it('a body with no Content-Type at all → 415', async () => {
      const res = await rawRequest(
        t,
        'POST',
        '/v1/calls/authorize',
        { Authorization: `Bearer ${subteam.key}` },
        '{"callId":"untyped","amount":"1.00"}',
      );
      expect(res.status).toBe(415);
      expect(JSON.parse(res.body).error.code).toBe('unsupported_media_type');
    });

    it('JSON with a charset parameter is fine, and so is a body-less POST without a Content-Type', async () => {
      await t.http
        .post('/v1/calls/authorize')
        .set(bearer(subteam.key))
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ callId: 'charset-call', amount: '1.00' }))
        .expect(201);
      const release = await rawRequest(t, 'POST', '/v1/calls/charset-call/release', { Authorization: `Bearer ${subteam.key}` });
      expect(release.status).toBe(200);
      const dryRun = await rawRequest(t, 'POST', `/v1/agencies/${agency.id}/auto-reload/test`, {
        Authorization: `Bearer ${agency.ownerKey}`,
        'Content-Length': '0',
      });
      expect(dryRun.status).toBe(200);
    });
  });

  describe('NUL characters and invalid Unicode', () => {
    const usage = (json: string, query = '') =>
      t.http.post(`/v1/usage${query}`).set(bearer(subteam.key)).set('Content-Type', 'application/json').send(json);

    it.each([
      ['a NUL in a field', '{"amount":"1.00","reference":"nul-1","description":"bad\\u0000text"}', 'description', /NUL/],
      ['a lone high surrogate', '{"amount":"1.00","reference":"sur-1","description":"\\ud800"}', 'description', /Unicode/],
      ['a lone low surrogate', '{"amount":"1.00","reference":"sur-2","description":"x\\udc00y"}', 'description', /Unicode/],
      ['a NUL in a field name', '{"amount":"1.00","reference":"nul-2","desc\\u0000":"x"}', 'desc\\u0000', /field name/],
      ['a NUL in the reference', '{"amount":"1.00","reference":"nul\\u0000-3"}', 'reference', /NUL/],
    ])('%s → 422 validation_error naming the field, nothing charged', async (_label, json, field, message) => {
      const before = await walletOf(t, agency);
      const res = await usage(json);
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.field).toBe(field);
      expect(res.body.error.details.fields).toEqual([{ path: field, message: expect.stringMatching(message) }]);
      expect(await walletOf(t, agency)).toEqual(before);
    });

    it('finds it nested deep inside a body', async () => {
      const res = await t.http
        .patch(`/v1/agencies/${agency.id}`)
        .set(bearer(agency.ownerKey))
        .set('Content-Type', 'application/json')
        .send('{"billingEmails":["ok@agency.test","also\\ud83d@agency.test"],"extra":{"deep":[{"x":"\\u0000"}]}}');
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.field).toBe('billingEmails.1');
      const deep = await t.http
        .put(`/v1/agencies/${agency.id}/webhook-endpoint`)
        .set(bearer(agency.ownerKey))
        .set('Content-Type', 'application/json')
        .send('{"url":"https://hooks.agency.test/","enabled":true,"more":{"deep":[1,{"x":"\\u0000"}]}}');
      expect(deep.body.error.details.field).toBe('more.deep.1.x');
    });

    it('in the query string or a path parameter → 422 naming it', async () => {
      const query = await t.http.get('/v1/subteams/me/usage?from=2026-01-01%00').set(bearer(subteam.key));
      expectError(query, 422, 'validation_error');
      expect(query.body.error.details.field).toBe('query.from');
      const param = await t.http.post('/v1/calls/call%00id/settle').set(bearer(subteam.key)).send({ cost: '1.00' });
      expectError(param, 422, 'validation_error');
      expect(param.body.error.details.field).toBe('params.callId');
    });

    it('keeps well-formed text, emoji and other planes included', async () => {
      const res = await usage(JSON.stringify({ amount: '0.01', reference: 'emoji-1', description: 'café ☎️ 😀 \ud83d\ude00' }));
      expect(res.status).toBe(201);
    });

    it('one such request amid concurrent calls fails alone: every neighbour succeeds and the ledger adds up', async () => {
      const busy = await createAgency(t);
      const busyTeam = await createSubteam(t, busy);
      await fund(t, busy, '100.00');
      const valid = Array.from({ length: 30 }, (_, i) =>
        t.http
          .post('/v1/usage')
          .set(bearer(busyTeam.key))
          .send({ amount: '1.00', reference: `neighbour-${i}`, description: `call ${i}` }),
      );
      const bad = [
        t.http
          .post('/v1/usage')
          .set(bearer(busyTeam.key))
          .set('Content-Type', 'application/json')
          .send('{"amount":"1.00","reference":"poison-nul","description":"\\u0000"}'),
        t.http
          .post('/v1/usage')
          .set(bearer(busyTeam.key))
          .set('Content-Type', 'application/json')
          .send('{"amount":"1.00","reference":"poison-surrogate","description":"\\udfff"}'),
      ];
      const [good, poisoned] = await Promise.all([Promise.all(valid), Promise.all(bad)]);
      expect(good.map((res) => res.status)).toEqual(good.map(() => 201));
      expect(poisoned.map((res) => [res.status, res.body.error?.code])).toEqual([
        [422, 'validation_error'],
        [422, 'validation_error'],
      ]);
      expect(await walletOf(t, busy)).toMatchObject({ balance: '70.00', available: '70.00' });
      const entries = await t.http.get(`/v1/agencies/${busy.id}/wallet/entries?type=usage&limit=200`).set(bearer(busy.ownerKey)).expect(200);
      expect(entries.body.data).toHaveLength(30);
      await expectLedgerInvariant(t, busy);
    });
  });

  describe('timeouts', () => {
    let slow: TestApp;
    let port: number;

    beforeAll(async () => {
      slow = await startTestApp({
        HTTP_REQUEST_TIMEOUT_SECONDS: '1',
        HTTP_HEADERS_TIMEOUT_SECONDS: '1',
        HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '1',
      });
      port = (slow.app.getHttpServer().address() as AddressInfo).port;
    });
    afterAll(() => slow.close());

    /** Writes `chunks` one at a time every 200 ms until the server closes the socket or 15 s pass. */
    async function dribble(chunks: string[]): Promise<{ closed: boolean; received: string }> {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      let closed = false;
      socket.on('data', (data) => (received += data.toString()));
      socket.on('close', () => (closed = true));
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      const deadline = Date.now() + 15_000;
      for (let i = 0; !closed && Date.now() < deadline; i++) {
        if (i < chunks.length) socket.write(chunks[i]);
        else socket.write(' ');
        await sleep(200);
      }
      socket.destroy();
      return { closed, received };
    }

    it('cuts off a client that sends its headers and then dribbles the body', async () => {
      const head = `POST /v1/calls/authorize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
      const result = await dribble([head]);
      expect(result.closed).toBe(true);
      expect(result.received).toMatch(/^HTTP\/1\.1 408/);
    });

    it('cuts off a client that dribbles its headers', async () => {
      const result = await dribble(['GET /health HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 200 }, (_, i) => `X-Slow-${i}: y\r\n`)]);
      expect(result.closed).toBe(true);
    });

    it('closes an idle keep-alive connection', async () => {
      const socket: Socket = connect(port, '127.0.0.1');
      let closed = false;
      let received = '';
      socket.on('data', (data) => (received += data.toString()));
      socket.on('close', () => (closed = true));
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
      const deadline = Date.now() + 15_000;
      while (!closed && Date.now() < deadline) await sleep(100);
      socket.destroy();
      expect(received).toMatch(/^HTTP\/1\.1 200/);
      expect(closed).toBe(true);
    });

    it('still serves an ordinary request', async () => {
      await slow.http.get('/health').expect(200);
    });
  });
});

/** A request exactly as written, without the defaults supertest adds. */
async function rawRequest(t: TestApp, method: string, path: string, headers: Record<string, string>, body?: string) {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
  const text = await new Promise<string>((resolve, reject) => {
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  const [head, ...rest] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head, body: decodeChunked(head, rest.join('\r\n\r\n')) };
}

function decodeChunked(head: string, body: string): string {
  if (!/transfer-encoding: chunked/i.test(head)) return body;
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
