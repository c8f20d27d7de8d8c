import { type ChildProcess, fork } from 'node:child_process';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from '../support/stripe';
import { ADMIN_KEY, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp, pointWebhooksAt } from '../support/test-app';

/**
 * A worker killed while an agency's endpoint has not answered yet: another worker, on default
 * settings, sends the event again within seconds, with the same event id, as the delivery's
 * second try, and nothing more.
 */
describe('A worker killed mid-request to an agency webhook', () => {
  let api: TestApp;
  let rescuer: TestApp | undefined;
  let worker: ChildProcess | undefined;
  let server: Server;
  let url: string;
  let hang = true;
  const requests: { eventId: string; at: number }[] = [];
  const queuePrefix = `aw-test-webhook-crash-${process.pid}-${Date.now()}`;
  // The agency's endpoint is a local server.
  const env = { QUEUE_PREFIX: queuePrefix, MAIL_DISABLED: 'true', AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' };

  beforeAll(async () => {
    // The agency's endpoint: it takes the first request and never answers it; later ones get 200.
    server = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        requests.push({ eventId: String(req.headers['agency-wallet-event-id']), at: Date.now() });
        if (!hang) res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    api = await startTestApp(env);
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await rescuer?.close();
    await api.close();
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });

  it('delivers the event again, same event id, within 15 s of another worker starting', async () => {
    worker = fork(resolve(__dirname, '../support/worker-process.js'), [], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        ADMIN_API_KEY: ADMIN_KEY,
        ...env,
        LOG_LEVEL: 'error',
        // Long enough that only the kill ends this request.
        AGENCY_WEBHOOK_TIMEOUT_SECONDS: '120',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((ready, reject) => {
      worker!.once('message', (message) => (message === 'ready' ? ready() : reject(new Error(String(message)))));
      worker!.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });

    const agency = await createAgency(api);
    const subteam = await createSubteam(api, agency);
    await fund(api, agency, '100.00');
    await pointWebhooksAt(api, agency, url);
    await api.http
      .put(`/v1/agencies/${agency.id}/billing-settings/low-balance-alert`)
      .set(bearer(agency.ownerKey))
      .send({ enabled: true, threshold: '50.00' })
      .expect(200);
    await api.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'hook-crash-1', amount: '60.00' }).expect(201);
    await api.http.post('/v1/calls/hook-crash-1/settle').set(bearer(subteam.key)).send({ cost: '60.00' }).expect(200);

    await eventually(async () => expect(requests).toHaveLength(1), 30_000, 25);
    const eventId = requests[0].eventId;
    worker.kill('SIGKILL');
    await new Promise((exited) => worker!.once('exit', exited));
    hang = false;

    const started = Date.now();
    rescuer = await startTestApp(env, { worker: true });
    await eventually(async () => expect(requests).toHaveLength(2), 15_000 + (Date.now() - started), 50);
    expect(requests[1].eventId).toBe(eventId);

    const deliveries = await eventually(async () => {
      const res = await api.http.get(`/v1/agencies/${agency.id}/webhook-deliveries`).set(bearer(agency.ownerKey)).expect(200);
      expect(res.body.data).toEqual([expect.objectContaining({ id: eventId, type: 'wallet.low_balance', status: 'delivered', attempts: 2 })]);
      return res.body.data;
    });
    expect(deliveries).toHaveLength(1);
    // A few takeover ticks later, nothing was sent again.
    await new Promise((later) => setTimeout(later, 3000));
    expect(requests).toHaveLength(2);
  }, 90_000);
});
