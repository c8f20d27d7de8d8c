import { MikroORM } from '@mikro-orm/postgresql';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase, prepareDatabase } from '../../src/database/migrate';
import { ormOptions } from '../../src/database/orm.config';
import { Database, sql } from '../../src/database/database';
import { dropDatabase } from '../support/global-setup';
import { expectError } from '../support/matrix';
import { ADMIN_KEY, type TestApp, bearer, createAgency, createSubteam, startTestApp } from '../support/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  key_hash_algorithm: string;
}

/**
 * Keys are stored as HMAC-SHA-256 under API_KEY_PEPPER, so the database alone cannot be used to
 * check a key; rows written before the pepper (plain SHA-256) keep working and are re-keyed.
 */
describe('API key hashes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const rowOf = async (keyId: string) =>
    (await t.app.get(Database).one(sql<KeyRow>`select id, name, key_hash, key_hash_algorithm from api_keys where id = ${keyId}`))!;
  const keyIdOf = async (key: string) => (await t.http.get('/v1/me').set(bearer(key)).expect(200)).body.id as string;

  it('stores a peppered hash, not the SHA-256 of the key, and the key fails under another pepper', async () => {
    const agency = await createAgency(t);
    const row = await rowOf(await keyIdOf(agency.ownerKey));
    expect(row.key_hash).not.toBe(sha256(agency.ownerKey));
    expect(row.key_hash).not.toContain(agency.ownerKey);
    expect(row.key_hash_algorithm).toBe('hmac-sha256');
    expect(row.key_hash).toBe(createHmac('sha256', t.config.auth.apiKeyPepper).update(sha256(agency.ownerKey)).digest('hex'));

    const otherPepper = await startTestApp({ API_KEY_PEPPER: 'a-different-pepper-for-this-test' });
    try {
      expectError(await otherPepper.http.get('/v1/me').set(bearer(agency.ownerKey)), 401, 'unauthorized');
      await otherPepper.http.get('/v1/me').set(bearer(ADMIN_KEY)).expect(200);
    } finally {
      await otherPepper.close();
    }
  });

  it('still accepts a key stored as plain SHA-256 by the previous version, and re-keys its row', async () => {
    const agency = await createAgency(t);
    const apiKey = `aw_owner_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    // What the previous version wrote: no algorithm named (the column's default), the bare digest.
    await t.app.get(Database).rows(sql`
      insert into api_keys (id, role, agency_id, key_hash, display_prefix) values (${id}, 'owner', ${agency.id}, ${sha256(apiKey)}, ${apiKey.slice(0, 13)})`);
    expect((await rowOf(id)).key_hash_algorithm).toBe('sha256');

    expect((await t.http.get(`/v1/agencies/${agency.id}/wallet`).set(bearer(apiKey))).status).toBe(200);
    const row = await rowOf(id);
    expect(row).toMatchObject({ key_hash_algorithm: 'hmac-sha256', name: 'API key' });
    expect(row.key_hash).not.toBe(sha256(apiKey));
    await t.http.get('/v1/me').set(bearer(apiKey)).expect(200);
  });
});

/**
 * A database written by the previous version (SHA-256 hashes, unnamed keys) is migrated and
 * booted: every key keeps working, carries a name, and its row is re-keyed before any request.
 */
describe('Upgrading a database written before keys were resources', () => {
  // Created and migrated as the owner; the service then connects as the application role, as in the rest of the suite.
  const url = new URL(process.env.DATABASE_MIGRATION_URL!);
  url.pathname = `${url.pathname}_keys_upgrade`;
  const databaseUrl = url.toString();
  let appRole: string | undefined;
  let t: TestApp | undefined;

  const keys = {
    owner: `aw_owner_${randomBytes(24).toString('base64url')}`,
    subteam: `aw_subteam_${randomBytes(24).toString('base64url')}`,
    support: `aw_support_${randomBytes(24).toString('base64url')}`,
    revoked: `aw_owner_${randomBytes(24).toString('base64url')}`,
  };
  const agencyId = randomUUID();
  const subteamId = randomUUID();

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    const orm = await MikroORM.init(ormOptions({ database: { url: databaseUrl, poolSize: 2 } }));
    try {
      await orm.migrator.up({ to: 'Migration20261123000400_wallet_versions' });
    } finally {
      await orm.close();
    }
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const supportUserId = randomUUID();
      await client.query(`insert into agencies (id, name, owner_email) values ($1, 'Legacy Agency', 'legacy@agency.test')`, [agencyId]);
      await client.query(`insert into wallets (id, agency_id) values ($1, $2)`, [randomUUID(), agencyId]);
      await client.query(`insert into subteams (id, agency_id, name) values ($1, $2, 'Night shift')`, [subteamId, agencyId]);
      await client.query(`insert into support_users (id, email) values ($1, 'legacy-support@wallet.test')`, [supportUserId]);
      const insert = `insert into api_keys (id, role, agency_id, subteam_id, support_user_id, key_hash, display_prefix, revoked_at)
                      values ($1, $2, $3, $4, $5, $6, $7, $8)`;
      await client.query(insert, [randomUUID(), 'owner', agencyId, null, null, sha256(keys.owner), keys.owner.slice(0, 13), null]);
      await client.query(insert, [randomUUID(), 'subteam', agencyId, subteamId, null, sha256(keys.subteam), keys.subteam.slice(0, 15), null]);
      await client.query(insert, [randomUUID(), 'support', null, null, supportUserId, sha256(keys.support), keys.support.slice(0, 15), null]);
      await client.query(insert, [randomUUID(), 'owner', agencyId, null, null, sha256(keys.revoked), keys.revoked.slice(0, 13), new Date()]);
    } finally {
      await client.end();
    }
    const prepared = await prepareDatabase({ url: databaseUrl, migrationUrl: databaseUrl, deriveAppRole: true, poolSize: 2 });
    appRole = prepared.role;
    expect(prepared.url).not.toBe(databaseUrl);
    t = await startTestApp({ DATABASE_URL: prepared.url, DATABASE_MIGRATION_URL: databaseUrl });
  });
  afterAll(async () => {
    await t?.close();
    await dropDatabase(databaseUrl, appRole);
  });

  it('re-keys every row at boot, so the database holds no plain SHA-256 digest', async () => {
    const rows = await t!.app.get(Database).rows(sql<KeyRow>`select id, name, key_hash, key_hash_algorithm from api_keys`);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.key_hash_algorithm).toBe('hmac-sha256');
      expect(Object.values(keys).map(sha256)).not.toContain(row.key_hash);
    }
  });

  it('keeps every working key working, named for what it belongs to, and the revoked one refused', async () => {
    expect((await t!.http.get('/v1/me').set(bearer(keys.owner)).expect(200)).body).toMatchObject({ role: 'owner', agencyId, name: 'Owner key' });
    expect((await t!.http.get('/v1/me').set(bearer(keys.subteam)).expect(200)).body).toMatchObject({
      role: 'subteam',
      subteamId,
      name: 'Night shift',
    });
    expect((await t!.http.get('/v1/me').set(bearer(keys.support)).expect(200)).body).toMatchObject({ role: 'support' });
    expectError(await t!.http.get('/v1/me').set(bearer(keys.revoked)), 401, 'unauthorized');

    const listed = await t!.http.get(`/v1/agencies/${agencyId}/api-keys`).set(bearer(keys.owner)).expect(200);
    expect(
      listed.body.data.map((key: { name: string; scope: string; subteamId: string | null; prefix: string }) => [
        key.name,
        key.scope,
        key.subteamId,
        key.prefix,
      ]),
    ).toEqual([
      ['Owner key', 'owner', null, keys.owner.slice(0, 13)],
      ['Night shift', 'subteam', subteamId, keys.subteam.slice(0, 15)],
    ]);
  });

  it('lets the upgraded agency go on as any other', async () => {
    const agency = { id: agencyId, walletId: '', ownerKey: keys.owner, ownerEmail: 'legacy@agency.test' };
    const subteam = await createSubteam(t!, agency);
    await t!.http.get('/v1/me').set(bearer(subteam.key)).expect(200);
  });
});
