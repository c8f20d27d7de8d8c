import { ApiKeysService } from '../../src/auth/api-keys.service';
import { Database, sql } from '../../src/database/database';
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

interface KeyView {
  id: string;
  name: string;
  scope: 'owner' | 'subteam';
  subteamId: string | null;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** API keys as resources: named, scoped, listed, created, rotated with a grace period, revoked. */
describe('API keys', () => {
  let t: TestApp;
  let a: Agency;
  let b: Agency;
  let aSub: Subteam;
  let aSibling: Subteam;
  let bSub: Subteam;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createAgency(t);
    b = await createAgency(t);
    aSub = await createSubteam(t, a, { name: 'East team' });
    aSibling = await createSubteam(t, a, { name: 'West team' });
    bSub = await createSubteam(t, b);
    await fund(t, a, '20.00');
  });
  afterAll(() => t.close());

  const keysOf = async (agency: Agency, key = agency.ownerKey): Promise<KeyView[]> =>
    (await t.http.get(`/v1/agencies/${agency.id}/api-keys`).set(bearer(key)).expect(200)).body.data;
  const createKey = (agency: Agency, body: Record<string, unknown>, key = agency.ownerKey) =>
    t.http.post(`/v1/agencies/${agency.id}/api-keys`).set(bearer(key)).send(body);
  const me = (key: string) => t.http.get('/v1/me').set(bearer(key));

  it('lists the keys every agency and subteam was created with, named, with their prefix', async () => {
    const keys = await keysOf(a);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'scope', 'subteamId']);
    }
    expect(keys).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        name: 'Owner key',
        scope: 'owner',
        subteamId: null,
        prefix: a.ownerKey.slice(0, 13),
        createdAt: expect.any(String),
        expiresAt: null,
      }),
      expect.objectContaining({ name: 'East team', scope: 'subteam', subteamId: aSub.id, prefix: aSub.key.slice(0, 15) }),
      expect.objectContaining({ name: 'West team', scope: 'subteam', subteamId: aSibling.id, prefix: aSibling.key.slice(0, 15) }),
    ]);
    expect(JSON.stringify(keys)).not.toContain(a.ownerKey);
    expect(JSON.stringify(keys)).not.toContain(aSub.key);
  });

  it('shows when a key was last used (written in batches, off the request: see ApiKeyUsage)', async () => {
    const created = (await createKey(a, { name: `Usage ${++seq}`, scope: 'owner' }).expect(201)).body;
    expect(created.lastUsedAt).toBeNull();
    for (let i = 0; i < 5; i++) await me(created.apiKey).expect(200);

    await t.app.get(ApiKeysService).flushUsage();
    const used = (await keysOf(a)).find((key) => key.id === created.id)!;
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
    expect(Date.parse(used.lastUsedAt!)).toBeLessThanOrEqual(Date.now());
  });

  it('creates an owner key shown once that works at once, with an expiry when asked', async () => {
    const res = await createKey(a, { name: 'Deploy bot', scope: 'owner', expiresInDays: 30 }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Deploy bot',
      scope: 'owner',
      subteamId: null,
      prefix: res.body.apiKey.slice(0, 13),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: expect.any(String),
      apiKey: expect.stringMatching(/^aw_owner_[\w-]{32}$/),
    });
    const days = (Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(30, 2);
    expect((await me(res.body.apiKey).expect(200)).body).toMatchObject({ role: 'owner', id: res.body.id, agencyId: a.id, name: 'Deploy bot' });
    await t.http.get(`/v1/agencies/${a.id}/wallet`).set(bearer(res.body.apiKey)).expect(200);
    expect((await keysOf(a)).map((key) => key.id)).toContain(res.body.id);
    expect(JSON.stringify(await keysOf(a))).not.toContain(res.body.apiKey);
  });

  it('creates a subteam key that places calls for its own subteam only', async () => {
    const res = await createKey(a, { name: 'East dialer', scope: 'subteam', subteamId: aSub.id }).expect(201);
    expect(res.body).toMatchObject({ scope: 'subteam', subteamId: aSub.id, apiKey: expect.stringMatching(/^aw_subteam_/) });
    const key = res.body.apiKey as string;

    const auth = await t.http
      .post('/v1/calls/authorize')
      .set(bearer(key))
      .send({ callId: `east-${++seq}`, amount: '1.00' })
      .expect(201);
    await t.http.post(`/v1/calls/${auth.body.callId}/settle`).set(bearer(key)).send({ cost: '0.40' }).expect(200);
    const entries = await t.http.get(`/v1/agencies/${a.id}/wallet/entries?subteamId=${aSub.id}`).set(bearer(a.ownerKey)).expect(200);
    expect(entries.body.data[0]).toMatchObject({ subteamId: aSub.id, amount: '-0.40' });

    const before = await walletOf(t, a);
    expectError(
      await t.http
        .post('/v1/calls/authorize')
        .set(bearer(key))
        .send({ callId: `as-west-${++seq}`, amount: '1.00', subteamId: aSibling.id }),
      403,
      'forbidden',
    );
    expectError(await t.http.get(`/v1/agencies/${a.id}/wallet`).set(bearer(key)), 403, 'forbidden');
    expectError(await t.http.get(`/v1/agencies/${a.id}/api-keys`).set(bearer(key)), 403, 'forbidden');
    expect(await walletOf(t, a)).toEqual(before);
    await expectLedgerInvariant(t, a);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a subteam key without its subteam', { name: 'x', scope: 'subteam' }, 'subteamId'],
    ['an owner key naming a subteam', { name: 'x', scope: 'owner', subteamId: '00000000-0000-4000-8000-000000000000' }, 'subteamId'],
    ['an unknown scope', { name: 'x', scope: 'admin' }, 'scope'],
    ['no name', { scope: 'owner' }, 'name'],
    ['an empty name', { name: '  ', scope: 'owner' }, 'name'],
    ['zero days', { name: 'x', scope: 'owner', expiresInDays: 0 }, 'expiresInDays'],
    ['days as text', { name: 'x', scope: 'owner', expiresInDays: '30' }, 'expiresInDays'],
    ['an unknown field', { name: 'x', scope: 'owner', role: 'admin' }, 'role'],
  ])('refuses %s with 422 naming the field, creating nothing', async (_label, body, field) => {
    const before = await keysOf(a);
    const res = await createKey(a, body);
    expectError(res, 422, 'validation_error');
    expect(JSON.stringify(res.body.error.details)).toContain(field);
    expect(await keysOf(a)).toEqual(before);
  });

  it('refuses a subteam of another agency with 404, creating nothing', async () => {
    const before = await keysOf(a);
    expectError(await createKey(a, { name: 'Implant', scope: 'subteam', subteamId: bSub.id }), 404, 'not_found');
    expect(await keysOf(a)).toEqual(before);
  });

  it('is for owners and admins: subteam and support keys get 403', async () => {
    const support = (
      await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `keys-support-${Date.now()}@wallet.test` })
        .expect(201)
    ).body.apiKey as string;
    const ownerKeyId = (await keysOf(a))[0].id;
    for (const key of [aSub.key, support]) {
      expectError(await t.http.get(`/v1/agencies/${a.id}/api-keys`).set(bearer(key)), 403, 'forbidden');
      expectError(await createKey(a, { name: 'x', scope: 'owner' }, key), 403, 'forbidden');
      expectError(await t.http.delete(`/v1/agencies/${a.id}/api-keys/${ownerKeyId}`).set(bearer(key)), 403, 'forbidden');
      expectError(await t.http.post(`/v1/agencies/${a.id}/api-keys/${ownerKeyId}/rotate`).set(bearer(key)).send({}), 403, 'forbidden');
    }
    await me(a.ownerKey).expect(200);

    const byAdmin = await createKey(a, { name: 'Made by admin', scope: 'owner' }, ADMIN_KEY).expect(201);
    expect((await keysOf(a, ADMIN_KEY)).map((key) => key.id)).toContain(byAdmin.body.id);
  });

  it('keeps tenants apart: another agency’s keys are 404 however they are named', async () => {
    const bKeys = await keysOf(b);
    const bOwnerKeyId = bKeys.find((key) => key.scope === 'owner')!.id;
    expectError(await t.http.get(`/v1/agencies/${b.id}/api-keys`).set(bearer(a.ownerKey)), 404, 'not_found');
    expectError(await createKey(b, { name: 'Implant', scope: 'owner' }, a.ownerKey), 404, 'not_found');
    for (const path of [`/v1/agencies/${a.id}/api-keys/${bOwnerKeyId}`, `/v1/agencies/${b.id}/api-keys/${bOwnerKeyId}`]) {
      expectError(await t.http.delete(path).set(bearer(a.ownerKey)), 404, 'not_found');
      expectError(await t.http.post(`${path}/rotate`).set(bearer(a.ownerKey)).send({}), 404, 'not_found');
    }
    expectError(await t.http.delete(`/v1/agencies/${a.id}/api-keys/00000000-0000-4000-8000-000000000000`).set(bearer(a.ownerKey)), 404, 'not_found');
    expect(await keysOf(b)).toEqual(bKeys);
    await me(b.ownerKey).expect(200);
  });

  it('revokes a key: 204, then 401 at once, gone from the list; revoking again changes nothing', async () => {
    const created = (await createKey(a, { name: `Revoked ${++seq}`, scope: 'owner' }).expect(201)).body;
    await me(created.apiKey).expect(200);
    await t.http.delete(`/v1/agencies/${a.id}/api-keys/${created.id}`).set(bearer(a.ownerKey)).expect(204);
    expectError(await me(created.apiKey), 401, 'unauthorized');
    expect((await keysOf(a)).map((key) => key.id)).not.toContain(created.id);
    await t.http.delete(`/v1/agencies/${a.id}/api-keys/${created.id}`).set(bearer(a.ownerKey)).expect(204);
    expectError(await t.http.post(`/v1/agencies/${a.id}/api-keys/${created.id}/rotate`).set(bearer(a.ownerKey)).send({}), 404, 'not_found');
    await me(a.ownerKey).expect(200);
  });

  it('an owner may revoke the very key it calls with', async () => {
    const created = (await createKey(a, { name: `Self ${++seq}`, scope: 'owner' }).expect(201)).body;
    await t.http.delete(`/v1/agencies/${a.id}/api-keys/${created.id}`).set(bearer(created.apiKey)).expect(204);
    expectError(await me(created.apiKey), 401, 'unauthorized');
  });

  it('rotates without grace: a new key with the same name and scope; the old one stops at once', async () => {
    const old = (await createKey(a, { name: 'Rotated dialer', scope: 'subteam', subteamId: aSibling.id }).expect(201)).body;
    await me(old.apiKey).expect(200);
    const res = await t.http.post(`/v1/agencies/${a.id}/api-keys/${old.id}/rotate`).set(bearer(a.ownerKey)).send({}).expect(201);
    expect(res.body).toMatchObject({ name: 'Rotated dialer', scope: 'subteam', subteamId: aSibling.id, expiresAt: null });
    expect(res.body.id).not.toBe(old.id);
    expect(res.body.apiKey).not.toBe(old.apiKey);
    expectError(await me(old.apiKey), 401, 'unauthorized');
    expect((await me(res.body.apiKey).expect(200)).body).toMatchObject({ role: 'subteam', subteamId: aSibling.id });
    const ids = (await keysOf(a)).map((key) => key.id);
    expect(ids).toContain(res.body.id);
    expect(ids).not.toContain(old.id);
  });

  it('rotates with a grace period: the old key works until it ends, then 401; a key is rotated once', async () => {
    const old = (await createKey(a, { name: 'Graceful', scope: 'owner', expiresInDays: 10 }).expect(201)).body;
    await me(old.apiKey).expect(200);
    const sentAt = Date.now();
    const res = await t.http.post(`/v1/agencies/${a.id}/api-keys/${old.id}/rotate`).set(bearer(a.ownerKey)).send({ graceSeconds: 3 }).expect(201);
    const answeredAt = Date.now();
    // The new key keeps the old one's lifetime.
    expect((Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)) / 86_400_000).toBeCloseTo(10, 2);

    await me(old.apiKey).expect(200);
    await me(res.body.apiKey).expect(200);
    const listedOld = (await keysOf(a)).find((key) => key.id === old.id)!;
    expect(Date.parse(listedOld.expiresAt!)).toBeGreaterThanOrEqual(sentAt + 3000 - 1000);
    expect(Date.parse(listedOld.expiresAt!)).toBeLessThanOrEqual(answeredAt + 3000 + 1000);
    expectError(await t.http.post(`/v1/agencies/${a.id}/api-keys/${old.id}/rotate`).set(bearer(a.ownerKey)).send({}), 409, 'api_key_rotated');

    let refusedAt: number | undefined;
    while (refusedAt === undefined && Date.now() < answeredAt + 15_000) {
      const at = Date.now();
      const status = (await me(old.apiKey)).status;
      if (status === 401) refusedAt = at;
      else expect(status).toBe(200);
      await sleep(50);
    }
    expect(refusedAt).toBeDefined();
    // Not before the grace ends (allowing for the clocks' rounding), and within 2 s of it.
    expect(refusedAt!).toBeGreaterThanOrEqual(sentAt + 3000 - 250);
    expect(refusedAt!).toBeLessThan(answeredAt + 3000 + 2000);
    await me(res.body.apiKey).expect(200);
    expect((await keysOf(a)).map((key) => key.id)).not.toContain(old.id);
  });

  it('refuses graceSeconds that are negative, fractional or above a week (422)', async () => {
    const created = (await createKey(a, { name: `Grace check ${++seq}`, scope: 'owner' }).expect(201)).body;
    for (const graceSeconds of [-1, 1.5, 7 * 86400 + 1, '10']) {
      const res = await t.http.post(`/v1/agencies/${a.id}/api-keys/${created.id}/rotate`).set(bearer(a.ownerKey)).send({ graceSeconds });
      expectError(res, 422, 'validation_error');
    }
    await me(created.apiKey).expect(200);
  });

  it('an expired key answers 401 and leaves the list', async () => {
    const created = (await createKey(a, { name: `Expiring ${++seq}`, scope: 'owner', expiresInDays: 1 }).expect(201)).body;
    await t.app.get(Database).rows(sql`update api_keys set expires_at = now() - interval '1 second' where id = ${created.id}`);
    expectError(await me(created.apiKey), 401, 'unauthorized');
    expect((await keysOf(a)).map((key) => key.id)).not.toContain(created.id);
  });

  it('audits every change with the acting key’s id and name, never the key itself', async () => {
    const created = (await createKey(a, { name: `Audited ${++seq}`, scope: 'owner' }).expect(201)).body;
    const rotated = (
      await t.http.post(`/v1/agencies/${a.id}/api-keys/${created.id}/rotate`).set(bearer(created.apiKey)).send({ graceSeconds: 60 }).expect(201)
    ).body;
    await t.http.delete(`/v1/agencies/${a.id}/api-keys/${rotated.id}`).set(bearer(created.apiKey)).expect(204);

    const ownerKeyId = (await keysOf(a)).find((key) => key.name === 'Owner key')!.id;
    const log = await auditLogOf(t, a.id);
    const about = (id: string) => log.filter((entry) => entry.targetId === id).map((entry) => [entry.action, entry.actorId, entry.actorName]);
    expect(about(created.id)).toEqual([
      ['api_key.rotated', created.id, created.name],
      ['api_key.created', ownerKeyId, 'Owner key'],
    ]);
    expect(about(rotated.id)).toEqual([['api_key.revoked', created.id, created.name]]);
    expect(JSON.stringify(log)).not.toContain(created.apiKey);
    expect(JSON.stringify(log)).not.toContain(rotated.apiKey);
  });
});

describe('Several admin keys', () => {
  let t: TestApp;
  const first = 'aw_admin_first_key_0123456789abcdef';
  const second = 'aw_admin_second_key_0123456789abcdef';
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_API_KEY: ` ${first} , ${second} ` });
  });
  afterAll(() => t.close());

  it('accepts each of the comma-separated keys, and nothing close to them', async () => {
    for (const key of [first, second]) {
      expect((await t.http.get('/v1/me').set(bearer(key)).expect(200)).body).toMatchObject({ role: 'admin' });
      await t.http.post('/v1/agencies').set(bearer(key)).send({ name: 'By either admin key', ownerEmail: 'o@admin.test' }).expect(201);
    }
    for (const key of [`${first},${second}`, first.slice(0, -1), `${second}x`, ADMIN_KEY]) {
      expectError(await t.http.get('/v1/me').set(bearer(key)), 401, 'unauthorized');
    }
  });
});

describe('Support users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const createSupportUser = async () =>
    (
      await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `su-${Date.now()}-${Math.random()}@wallet.test` })
        .expect(201)
    ).body as {
      id: string;
      email: string;
      apiKey: string;
    };

  it('are listed for admins, and disabled by them: their keys answer 401 at once, for good', async () => {
    const user = await createSupportUser();
    const colleague = await createSupportUser();
    await t.http.get('/v1/support/agencies?query=x').set(bearer(user.apiKey)).expect(200);

    const listed = (await t.http.get('/v1/support-users').set(bearer(ADMIN_KEY)).expect(200)).body.data;
    expect(listed).toContainEqual({ id: user.id, email: user.email, createdAt: expect.any(String), disabledAt: null, isAdmin: false });

    await t.http.delete(`/v1/support-users/${user.id}`).set(bearer(ADMIN_KEY)).expect(204);
    expectError(await t.http.get('/v1/support/agencies?query=x').set(bearer(user.apiKey)), 401, 'unauthorized');
    await t.http.get('/v1/support/agencies?query=x').set(bearer(colleague.apiKey)).expect(200);
    await t.http.delete(`/v1/support-users/${user.id}`).set(bearer(ADMIN_KEY)).expect(204);

    const after = (await t.http.get('/v1/support-users').set(bearer(ADMIN_KEY)).expect(200)).body.data;
    expect(after.find((u: { id: string }) => u.id === user.id).disabledAt).toEqual(expect.any(String));
    const log = await t.http.get(`/v1/support/audit-log?actor=admin&limit=200`).set(bearer(ADMIN_KEY)).expect(200);
    expect(
      log.body.data.filter((entry: { targetId: string; action: string }) => entry.targetId === user.id).map((e: { action: string }) => e.action),
    ).toEqual(['support_user.disabled', 'support_user.created']);
    // The email stays taken: the disabled user is still who the audit log names.
    await t.http.post('/v1/support-users').set(bearer(ADMIN_KEY)).send({ email: user.email }).expect(409);
  });

  it('only an admin may list or disable them (403); an unknown id is 404, a malformed one 422', async () => {
    const user = await createSupportUser();
    const agency = await createAgency(t);
    for (const key of [user.apiKey, agency.ownerKey]) {
      expectError(await t.http.get('/v1/support-users').set(bearer(key)), 403, 'forbidden');
      expectError(await t.http.delete(`/v1/support-users/${user.id}`).set(bearer(key)), 403, 'forbidden');
    }
    await t.http.get('/v1/me').set(bearer(user.apiKey)).expect(200);
    expectError(await t.http.delete('/v1/support-users/00000000-0000-4000-8000-000000000000').set(bearer(ADMIN_KEY)), 404, 'not_found');
    expectError(await t.http.delete('/v1/support-users/not-an-id').set(bearer(ADMIN_KEY)), 422, 'validation_error');
  });
});
