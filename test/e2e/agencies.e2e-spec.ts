import { auditLogOf, expectError, uniqueName } from '../support/matrix';
import {
  ADMIN_KEY,
  type Agency,
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

describe('Agencies: creation, owner settings, subteams and support users', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('admin creates an agency', () => {
    it('answers 201 with the agency, a USD wallet by default and an owner key shown once', async () => {
      const name = uniqueName('Acme Calls');
      const ownerEmail = `${uniqueName('owner')}@acme.test`;
      const res = await t.http.post('/v1/agencies').set(bearer(ADMIN_KEY)).send({ name, ownerEmail }).expect(201);

      expect(res.body).toMatchObject({
        id: expect.stringMatching(UUID),
        name,
        ownerEmail,
        billingEmails: [],
        paused: false,
        currency: 'USD',
        walletId: expect.stringMatching(UUID),
        apiKey: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(res.body.createdAt))).toBe(false);
      const apiKey: string = res.body.apiKey;
      expect(apiKey.length).toBeGreaterThanOrEqual(20);

      // The key works, and is never shown again.
      const got = await t.http.get(`/v1/agencies/${res.body.id}`).set(bearer(apiKey)).expect(200);
      expect(got.body).toMatchObject({ id: res.body.id, name, ownerEmail, currency: 'USD' });
      expect(got.body.apiKey).toBeUndefined();
      expect(JSON.stringify(got.body)).not.toContain(apiKey);

      const patched = await t.http
        .patch(`/v1/agencies/${res.body.id}`)
        .set(bearer(apiKey))
        .send({ name: `${name} 2` })
        .expect(200);
      expect(JSON.stringify(patched.body)).not.toContain(apiKey);

      const audit = await auditLogOf(t, res.body.id);
      expect(audit.length).toBeGreaterThan(0);
      expect(JSON.stringify(audit)).not.toContain(apiKey);

      const wallet = await t.http.get(`/v1/agencies/${res.body.id}/wallet`).set(bearer(apiKey)).expect(200);
      expect(wallet.body).toEqual({
        balance: '0.00',
        held: '0.00',
        available: '0.00',
        pending: '0.00',
        currency: 'USD',
        status: expect.stringMatching(/^(active|low|depleted|paused)$/),
      });
    });

    it('gives each agency its own owner key', async () => {
      const a = await createAgency(t);
      const b = await createAgency(t);
      expect(a.ownerKey).not.toEqual(b.ownerKey);
      expect(a.walletId).not.toEqual(b.walletId);
    });

    it('creates the wallet in a custom currency', async () => {
      const agency = await createAgency(t, { currency: 'EUR' });
      const got = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      expect(got.body.currency).toBe('EUR');
      expect((await walletOf(t, agency)).currency).toBe('EUR');
    });

    it.each([['usd'], ['XYZ'], ['DOLLARS'], ['US'], [''], [840], [null], [['USD']]])(
      'refuses currency %j with 422 validation_error',
      async (currency) => {
        const res = await t.http
          .post('/v1/agencies')
          .set(bearer(ADMIN_KEY))
          .send({ name: uniqueName('Bad currency'), ownerEmail: `${uniqueName('o')}@x.test`, currency });
        expectError(res, 422, 'validation_error');
      },
    );

    it.each([
      ['missing name', { ownerEmail: 'a@b.test' }],
      ['empty name', { name: '   ', ownerEmail: 'a@b.test' }],
      ['missing ownerEmail', { name: 'X' }],
      ['bad ownerEmail', { name: 'X', ownerEmail: 'not-an-email' }],
      ['unknown field', { name: 'X', ownerEmail: 'a@b.test', plan: 'gold' }],
    ])('refuses a create with %s (422)', async (_label, body) => {
      const res = await t.http.post('/v1/agencies').set(bearer(ADMIN_KEY)).send(body);
      expectError(res, 422, 'validation_error');
    });
  });

  describe('owner reads and updates the agency', () => {
    let agency: Agency;

    beforeAll(async () => {
      agency = await createAgency(t, { name: uniqueName('Owner Settings') });
    });
    afterEach(() => expectLedgerInvariant(t, agency));

    it('GET returns the agency to its owner', async () => {
      const res = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      expect(res.body).toMatchObject({
        id: agency.id,
        ownerEmail: agency.ownerEmail,
        billingEmails: [],
        paused: false,
        currency: 'USD',
        walletId: agency.walletId,
      });
    });

    it('PATCH name and billingEmails: visible in GET and audited with before/after', async () => {
      const before = (await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body;
      const newName = uniqueName('Renamed Agency');
      const billingEmails = ['billing@renamed.test', 'cfo@renamed.test'];

      const res = await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ name: newName, billingEmails }).expect(200);
      expect(res.body).toMatchObject({ id: agency.id, name: newName, billingEmails });

      const got = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      expect(got.body).toMatchObject({ id: agency.id, name: newName, billingEmails, paused: false, ownerEmail: agency.ownerEmail });

      const audit = await auditLogOf(t, agency.id);
      const entry = audit.find((e) => e.action === 'agency.updated' && (e.after as Record<string, unknown> | null)?.name === newName);
      expect(entry).toBeDefined();
      expect(entry).toMatchObject({
        actorRole: 'owner',
        agencyId: agency.id,
        before: { name: before.name, billingEmails: before.billingEmails },
        after: { name: newName, billingEmails },
      });
      expect(Number.isNaN(Date.parse(entry!.createdAt))).toBe(false);
    });

    it('PATCH paused: the wallet reports paused, calls answer 409 paused and funds stay untouched; unpausing resumes', async () => {
      const subteam = await createSubteam(t, agency);
      await fund(t, agency, '20.00');

      await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ paused: true }).expect(200);
      const got = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      expect(got.body.paused).toBe(true);
      expect(await walletOf(t, agency)).toMatchObject({ balance: '20.00', held: '0.00', status: 'paused' });

      const refused = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'paused-agency-call', amount: '1.00' });
      expectError(refused, 409, 'paused');
      expect(await walletOf(t, agency)).toMatchObject({ balance: '20.00', held: '0.00', available: '20.00' });

      const audit = await auditLogOf(t, agency.id);
      expect(audit.find((e) => e.action === 'agency.updated' && e.after?.paused === true)).toMatchObject({
        before: { paused: false },
        after: { paused: true },
      });

      await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send({ paused: false }).expect(200);
      await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'paused-agency-call', amount: '1.00' }).expect(201);
      expect(await walletOf(t, agency)).toMatchObject({ balance: '20.00', held: '1.00', available: '19.00', status: 'active' });
    });

    it.each([
      ['a non-email billing contact', { billingEmails: ['nope'] }],
      ['billingEmails as a string', { billingEmails: 'a@b.test' }],
      ['paused as a string', { paused: 'yes' }],
      ['an empty name', { name: '' }],
      ['an unknown field', { ownerEmail: 'thief@evil.test' }],
    ])('PATCH with %s → 422 and nothing changes', async (_label, body) => {
      const before = (await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body;
      const res = await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).send(body);
      expectError(res, 422, 'validation_error');
      const after = (await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body;
      expect(after).toEqual(before);
    });
  });

  describe('subteams', () => {
    let agency: Agency;

    beforeAll(async () => {
      agency = await createAgency(t);
      await fund(t, agency, '100.00');
    });
    afterEach(() => expectLedgerInvariant(t, agency));

    it('creates subteams with decimal-string limits or null, lists them without keys', async () => {
      const limited = await t.http
        .post(`/v1/agencies/${agency.id}/subteams`)
        .set(bearer(agency.ownerKey))
        .send({ name: 'Outbound sales', dailySpendLimit: '25.50', monthlySpendLimit: '500.000001' })
        .expect(201);
      expect(limited.body).toMatchObject({
        id: expect.stringMatching(UUID),
        agencyId: agency.id,
        name: 'Outbound sales',
        paused: false,
        dailySpendLimit: '25.50',
        monthlySpendLimit: '500.000001',
        apiKey: expect.any(String),
      });

      const unlimited = await t.http
        .post(`/v1/agencies/${agency.id}/subteams`)
        .set(bearer(agency.ownerKey))
        .send({ name: 'Support line', dailySpendLimit: null })
        .expect(201);
      expect(unlimited.body).toMatchObject({ name: 'Support line', dailySpendLimit: null, monthlySpendLimit: null });
      expect(unlimited.body.apiKey).not.toEqual(limited.body.apiKey);

      const list = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);
      const byId = new Map<string, Record<string, unknown>>(list.body.data.map((s: { id: string }) => [s.id, s]));
      expect(byId.get(limited.body.id)).toMatchObject({ name: 'Outbound sales', dailySpendLimit: '25.50', monthlySpendLimit: '500.000001' });
      expect(byId.get(unlimited.body.id)).toMatchObject({ name: 'Support line', dailySpendLimit: null, monthlySpendLimit: null });
      expect(JSON.stringify(list.body)).not.toContain(limited.body.apiKey);
      expect(JSON.stringify(list.body)).not.toContain(unlimited.body.apiKey);
      for (const subteam of list.body.data) expect(subteam.apiKey).toBeUndefined();
    });

    it('the subteam key authorizes calls against the agency wallet', async () => {
      const subteam = await createSubteam(t, agency);
      const before = await walletOf(t, agency);
      const res = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'subteam-key-works', amount: '2.50' }).expect(201);
      expect(res.body).toMatchObject({ callId: 'subteam-key-works', authorizedAmount: '2.50' });
      const after = await walletOf(t, agency);
      expect(after.balance).toBe(before.balance);
      expect(Number(after.held) - Number(before.held)).toBeCloseTo(2.5, 6);
    });

    it('PATCH pauses a subteam (visible in the list, authorize → 409 paused) and unpauses it', async () => {
      const subteam = await createSubteam(t, agency);
      const paused = await t.http
        .patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`)
        .set(bearer(agency.ownerKey))
        .send({ paused: true })
        .expect(200);
      expect(paused.body).toMatchObject({ id: subteam.id, paused: true });
      const list = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);
      expect(list.body.data.find((s: { id: string }) => s.id === subteam.id)).toMatchObject({ paused: true });

      const before = await walletOf(t, agency);
      const refused = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'paused-sub', amount: '1.00' });
      expectError(refused, 409, 'paused');
      expect(await walletOf(t, agency)).toEqual(before);

      await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ paused: false }).expect(200);
      await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'paused-sub', amount: '1.00' }).expect(201);

      const audit = await auditLogOf(t, agency.id);
      expect(audit.find((e) => e.action === 'subteam.updated' && e.targetId === subteam.id && e.after?.paused === true)).toMatchObject({
        actorRole: 'owner',
        before: { paused: false },
        after: { paused: true },
      });
    });

    it('PATCH limits: set, enforced on authorize, raised, and cleared with null', async () => {
      const subteam = await createSubteam(t, agency);
      const set = await t.http
        .patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`)
        .set(bearer(agency.ownerKey))
        .send({ dailySpendLimit: '3.00', monthlySpendLimit: '40.00' })
        .expect(200);
      expect(set.body).toMatchObject({ dailySpendLimit: '3.00', monthlySpendLimit: '40.00' });

      await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'lim-1', amount: '2.00' }).expect(201);
      const over = await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'lim-2', amount: '1.50' });
      expectError(over, 402, 'spend_limit_exceeded');

      const raised = await t.http
        .patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`)
        .set(bearer(agency.ownerKey))
        .send({ dailySpendLimit: '10.00' })
        .expect(200);
      expect(raised.body).toMatchObject({ dailySpendLimit: '10.00', monthlySpendLimit: '40.00' });
      await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'lim-2', amount: '1.50' }).expect(201);

      const cleared = await t.http
        .patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`)
        .set(bearer(agency.ownerKey))
        .send({ dailySpendLimit: null, monthlySpendLimit: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ dailySpendLimit: null, monthlySpendLimit: null });
      const list = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);
      expect(list.body.data.find((s: { id: string }) => s.id === subteam.id)).toMatchObject({
        dailySpendLimit: null,
        monthlySpendLimit: null,
      });
      await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'lim-3', amount: '20.00' }).expect(201);

      const audit = await auditLogOf(t, agency.id);
      expect(audit.find((e) => e.action === 'subteam.updated' && e.targetId === subteam.id && e.after?.dailySpendLimit === '3.00')).toMatchObject({
        before: { dailySpendLimit: null },
        after: { dailySpendLimit: '3.00' },
      });
    });

    it('PATCH of an unknown subteam id → 404 not_found', async () => {
      const res = await t.http
        .patch(`/v1/agencies/${agency.id}/subteams/00000000-0000-4000-8000-000000000000`)
        .set(bearer(agency.ownerKey))
        .send({ paused: true });
      expectError(res, 404, 'not_found');
    });
  });

  describe('support users', () => {
    let agency: Agency;
    let agencyName: string;
    let subteamId: string;
    let support: { id: string; email: string; apiKey: string };

    beforeAll(async () => {
      agencyName = uniqueName('Findable Agency');
      agency = await createAgency(t, { name: agencyName });
      subteamId = (await createSubteam(t, agency)).id;
      const email = `${uniqueName('support')}@wallet.test`;
      const res = await t.http.post('/v1/support-users').set(bearer(ADMIN_KEY)).send({ email }).expect(201);
      expect(res.body).toMatchObject({ id: expect.stringMatching(UUID), email, apiKey: expect.any(String) });
      support = res.body;
    });

    it('the support key reads any agency, its subteams and its wallet', async () => {
      const got = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(support.apiKey)).expect(200);
      expect(got.body).toMatchObject({ id: agency.id, name: agencyName });
      const subteams = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(support.apiKey)).expect(200);
      expect(subteams.body.data.map((s: { id: string }) => s.id)).toContain(subteamId);
      await t.http.get(`/v1/agencies/${agency.id}/wallet`).set(bearer(support.apiKey)).expect(200);

      const other = await createAgency(t);
      await t.http.get(`/v1/agencies/${other.id}`).set(bearer(support.apiKey)).expect(200);
    });

    it.each([
      ['the agency name', () => agencyName],
      ['part of the agency name, in another case', () => agencyName.slice(0, -2).toUpperCase()],
      ['the owner email', () => agency.ownerEmail],
      ['the agency id', () => agency.id],
      ['a subteam id', () => subteamId],
    ])('GET /v1/support/agencies?query= finds the agency by %s', async (_label, query) => {
      const res = await t.http.get('/v1/support/agencies').query({ query: query() }).set(bearer(support.apiKey)).expect(200);
      expect(res.body.data.map((a: { id: string }) => a.id)).toContain(agency.id);
      expect(res.body.data.find((a: { id: string }) => a.id === agency.id)).toMatchObject({ name: agencyName, ownerEmail: agency.ownerEmail });
    });

    it('search does not return unrelated agencies for an exact id', async () => {
      const res = await t.http.get('/v1/support/agencies').query({ query: agency.id }).set(bearer(support.apiKey)).expect(200);
      expect(res.body.data.map((a: { id: string }) => a.id)).toEqual([agency.id]);
    });

    it('the support key may not change agencies or subteams (403) and nothing changes', async () => {
      const before = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      const subteamsBefore = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);

      expectError(await t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(support.apiKey)).send({ name: 'Hijacked' }), 403, 'forbidden');
      expectError(await t.http.post(`/v1/agencies/${agency.id}/subteams`).set(bearer(support.apiKey)).send({ name: 'Rogue' }), 403, 'forbidden');
      expectError(
        await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteamId}`).set(bearer(support.apiKey)).send({ paused: true }),
        403,
        'forbidden',
      );
      expectError(await t.http.post('/v1/agencies').set(bearer(support.apiKey)).send({ name: 'X', ownerEmail: 'x@y.test' }), 403, 'forbidden');
      expectError(await t.http.post('/v1/support-users').set(bearer(support.apiKey)).send({ email: 'z@y.test' }), 403, 'forbidden');

      const after = await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200);
      const subteamsAfter = await t.http.get(`/v1/agencies/${agency.id}/subteams`).set(bearer(agency.ownerKey)).expect(200);
      expect(after.body).toEqual(before.body);
      expect(subteamsAfter.body).toEqual(subteamsBefore.body);
    });

    it('a duplicate support email → 409 with the error body; the first key keeps working', async () => {
      const res = await t.http.post('/v1/support-users').set(bearer(ADMIN_KEY)).send({ email: support.email });
      expectError(res, 409);
      expect(JSON.stringify(res.body)).not.toContain(support.apiKey);
      await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(support.apiKey)).expect(200);
    });

    it.each([[{}], [{ email: 'not-an-email' }], [{ email: 'a@b.test', role: 'admin' }]])('POST /v1/support-users with %j → 422', async (body) => {
      expectError(await t.http.post('/v1/support-users').set(bearer(ADMIN_KEY)).send(body), 422, 'validation_error');
    });
  });
});
