import type { LookupAddress } from 'node:dns';
import { WebhookTargets } from '../../src/agency-webhooks/webhook-targets';
import type { StripeTestServer } from '../../sandbox/stripe/stripe-server';
import { expectError } from '../support/matrix';
import { eventually, startStripe, stripeEnv } from '../support/stripe';
import { type Agency, type Subteam, type TestApp, bearer, createAgency, createSubteam, fund, startTestApp } from '../support/test-app';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A public address nothing in these tests listens on (example.com's, once). */
const PUBLIC_ADDRESS = '93.184.216.34';

interface DeliveryView {
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

/**
 * Agency webhooks never reach our own network: internal addresses are refused when the URL is
 * saved and again when a delivery connects, and the connection goes to the address that was
 * checked, so a host name that changes its answer in between (DNS rebinding) gets nowhere.
 */
describe('Webhook endpoints: only public addresses', () => {
  let stripe: StripeTestServer;
  let receiver: WebhookReceiver;
  let calls = 0;

  beforeAll(async () => {
    stripe = await startStripe();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await stripe.close();
  });

  const port = () => new URL(receiver.url).port;
  const env = () => ({
    ...stripeEnv(stripe),
    MAIL_DISABLED: 'true',
    AGENCY_WEBHOOK_ATTEMPTS: '2',
    AGENCY_WEBHOOK_RETRY_DELAY_SECONDS: '0.2',
    AGENCY_WEBHOOK_SWEEP_SECONDS: '1',
    AGENCY_WEBHOOK_TIMEOUT_SECONDS: '2',
  });

  const putEndpoint = (t: TestApp, agency: Agency, body: object) =>
    t.http.put(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).send(body);

  /** $5 in and $5 spent: the wallet is depleted, and a `wallet.depleted` event goes out. */
  async function deplete(t: TestApp, agency: Agency, subteam: Subteam) {
    await fund(t, agency, '5.00');
    const callId = `target-call-${++calls}`;
    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount: '5.00' }).expect(201);
    await t.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: '5.00' }).expect(200);
  }

  const finalDelivery = (t: TestApp, agency: Agency) =>
    eventually(async () => {
      const res = await t.http.get(`/v1/agencies/${agency.id}/webhook-deliveries`).set(bearer(agency.ownerKey)).expect(200);
      const [delivery] = res.body.data as DeliveryView[];
      expect(['delivered', 'failed']).toContain(delivery?.status);
      return delivery;
    }, 20_000);

  /** What the resolver answers for one name; every other name goes to the system resolver. */
  function resolve(t: TestApp, name: string, answer: LookupAddress[]) {
    const targets = t.app.get(WebhookTargets);
    const system = targets.lookup.bind(targets);
    return jest.spyOn(targets, 'lookup').mockImplementation(async (hostname) => (hostname === name ? answer : system(hostname)));
  }

  describe('without AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(env(), { worker: true });
    });
    afterAll(() => t.close());
    afterEach(() => jest.restoreAllMocks());

    it.each([
      ['a name that resolves to loopback', () => `http://localhost:${port()}/hooks`],
      ['loopback', () => `http://127.0.0.1:${port()}/hooks`],
      ['loopback in another notation', () => `http://0x7f.1:${port()}/hooks`],
      ['IPv6 loopback', () => `http://[::1]:${port()}/hooks`],
      ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port()}/hooks`],
      ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
      ['the IPv6 metadata service', () => 'http://[fd00:ec2::254]/latest/meta-data/'],
      ['a private address', () => 'https://10.1.2.3/hooks'],
      ['a CGNAT address', () => 'https://100.64.0.1/hooks'],
      ['the unspecified address', () => `http://0.0.0.0:${port()}/hooks`],
    ])('refuses %s when the URL is saved: 422 naming the url, no address in the message', async (_label, url) => {
      const agency = await createAgency(t);
      const res = await putEndpoint(t, agency, { url: url(), enabled: true });
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.fields).toEqual([{ path: 'url', message: expect.stringContaining('public internet address') }]);
      expect(res.body.error.message).not.toMatch(/127\.0\.0\.1|::1|169\.254|10\.1\.2\.3/);
      const read = await t.http.get(`/v1/agencies/${agency.id}/webhook-endpoint`).set(bearer(agency.ownerKey)).expect(200);
      expect(read.body).toEqual({ url: null, enabled: false });
    });

    it('refuses a name that resolves to a public and an internal address alike', async () => {
      const agency = await createAgency(t);
      resolve(t, 'split.hooks.test', [
        { address: PUBLIC_ADDRESS, family: 4 },
        { address: '10.0.0.7', family: 4 },
      ]);
      expectError(await putEndpoint(t, agency, { url: 'https://split.hooks.test/in', enabled: true }), 422, 'validation_error');
    });

    it('refuses a name that does not resolve', async () => {
      const agency = await createAgency(t);
      const res = await putEndpoint(t, agency, { url: 'https://no-such-host.invalid/in', enabled: true });
      expectError(res, 422, 'validation_error');
      expect(res.body.error.details.fields[0].message).toMatch(/does not resolve/);
    });

    it('lets an owner save an internal URL disabled (nothing is sent), and checks it again when enabled', async () => {
      const agency = await createAgency(t);
      await putEndpoint(t, agency, { url: `http://localhost:${port()}/hooks`, enabled: false }).expect(200);
      expectError(await putEndpoint(t, agency, { url: `http://localhost:${port()}/hooks`, enabled: true }), 422, 'validation_error');
    });

    it('refuses at send time when the name has come to resolve to loopback since it was saved', async () => {
      const agency = await createAgency(t);
      const subteam = await createSubteam(t, agency);
      const lookup = resolve(t, 'localhost', [{ address: PUBLIC_ADDRESS, family: 4 }]);
      await putEndpoint(t, agency, { url: `http://localhost:${port()}/hooks`, enabled: true }).expect(200);
      lookup.mockRestore(); // from now on localhost is 127.0.0.1 again

      await deplete(t, agency, subteam);
      const delivery = await finalDelivery(t, agency);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: null });
      expect(delivery.lastError).toBe(
        'Not sent: the URL must point to a public internet address (not a loopback, private, link-local, shared or metadata address)',
      );
      expect(receiver.received({ agencyId: agency.id })).toHaveLength(0);
    });

    it('connects to the address it checked, never to what the name resolves to afterwards (DNS rebinding)', async () => {
      const agency = await createAgency(t);
      const subteam = await createSubteam(t, agency);
      // The check sees a public address; the system resolver would answer 127.0.0.1, where the
      // receiver listens. A delivery that resolved the name again would reach it.
      resolve(t, 'localhost', [{ address: PUBLIC_ADDRESS, family: 4 }]);
      await putEndpoint(t, agency, { url: `http://localhost:${port()}/hooks`, enabled: true }).expect(200);

      await deplete(t, agency, subteam);
      const delivery = await finalDelivery(t, agency);
      expect(delivery.status).toBe('failed');
      expect(delivery.lastError).toMatch(/^(No response within 2 s|Could not connect(: [A-Z_]+)?)$/);
      await sleep(300);
      expect(receiver.received({ agencyId: agency.id })).toHaveLength(0);
    });
  });

  describe('with AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true (local receivers, tests)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ...env(), AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }, { worker: true });
    });
    afterAll(() => t.close());
    afterEach(() => jest.restoreAllMocks());

    it('delivers to a loopback receiver over plain http', async () => {
      const agency = await createAgency(t);
      const subteam = await createSubteam(t, agency);
      await putEndpoint(t, agency, { url: `http://localhost:${port()}/hooks`, enabled: true }).expect(200);
      await deplete(t, agency, subteam);
      const [hook] = await receiver.waitFor({ agencyId: agency.id, type: 'wallet.depleted' });
      expect(hook.headers.host).toBe(`localhost:${port()}`);
      expect(await finalDelivery(t, agency)).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
    });

    it('connects to the resolved address and keeps the URL’s host name in the Host header', async () => {
      const agency = await createAgency(t);
      const subteam = await createSubteam(t, agency);
      // Only this resolver knows the name: the request can arrive only through the checked address.
      resolve(t, 'hooks.pinned.test', [{ address: '127.0.0.1', family: 4 }]);
      await putEndpoint(t, agency, { url: `http://hooks.pinned.test:${port()}/hooks`, enabled: true }).expect(200);
      await deplete(t, agency, subteam);
      const [hook] = await receiver.waitFor({ agencyId: agency.id, type: 'wallet.depleted' });
      expect(hook.headers.host).toBe(`hooks.pinned.test:${port()}`);
    });
  });
});
