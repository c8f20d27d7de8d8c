import { Client } from 'pg';
import { prepareDatabase } from '../../src/database/migrate';
import { startServiceProcess } from '../support/service-process';
import { ADMIN_KEY, type Agency, type TestApp, createAgency, fund, startTestApp, walletOf } from '../support/test-app';

const APP_URL = () => process.env.DATABASE_URL!;
const OWNER_URL = () => process.env.DATABASE_MIGRATION_URL!;

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The SQLSTATE PostgreSQL answers a statement with, or 'ok'. */
async function outcome(client: Client, statement: string, values: unknown[] = []): Promise<string> {
  try {
    await client.query(statement, values);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

/**
 * The application connects as a least-privilege role (the tests run as it, like `npm start`): it
 * reads and writes rows, but cannot rewrite history, even by switching the append-only triggers off.
 */
describe('The application database role', () => {
  let t: TestApp;
  let agency: Agency;
  let app: Client;
  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    await fund(t, agency, '25.00'); // a ledger entry and an audit row
    app = await connect(APP_URL());
  });
  afterAll(async () => {
    await app.end();
    await t.close();
  });

  it('is what the application connects as: not the owner, not a superuser, owning nothing', async () => {
    const { rows } = await app.query(
      `select current_user as name, r.rolsuper, r.rolcreaterole,
         (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
       from pg_roles r where r.rolname = current_user`,
    );
    const owner = await connect(OWNER_URL());
    const ownerName = (await owner.query('select current_user as name')).rows[0].name;
    await owner.end();
    expect(rows[0]).toEqual({ name: expect.stringMatching(/_app$/), rolsuper: false, rolcreaterole: false, owned: 0 });
    expect(rows[0].name).not.toBe(ownerName);
    expect(t.config.database.url).toBe(APP_URL());
  });

  it.each(['ledger_entries', 'audit_log'])('cannot update, delete, truncate or un-trigger %s', async (table) => {
    const column = table === 'ledger_entries' ? 'wallet_id' : 'target_id';
    const target = table === 'ledger_entries' ? agency.walletId : agency.id;
    const before = (await app.query(`select * from ${table} where ${column} = $1 order by id`, [target])).rows;
    expect(before.length).toBeGreaterThanOrEqual(1);
    const id = before[0].id;

    // 42501 is insufficient_privilege: refused for the role, before the append-only trigger is reached.
    expect(await outcome(app, `update ${table} set created_at = now() where id = $1`, [id])).toBe('42501');
    expect(await outcome(app, `delete from ${table} where id = $1`, [id])).toBe('42501');
    expect(await outcome(app, `truncate ${table}`)).toBe('42501');
    expect(await outcome(app, `alter table ${table} disable trigger ${table}_append_only`)).toBe('42501');
    expect(await outcome(app, `alter table ${table} disable trigger all`)).toBe('42501');
    expect(await outcome(app, `drop trigger ${table}_append_only on ${table}`)).toBe('42501');
    expect(await outcome(app, `set session_replication_role = replica`)).toBe('42501');

    expect((await app.query(`select * from ${table} where ${column} = $1 order by id`, [target])).rows).toEqual(before);
  });

  it.each(['ledger_entries', 'audit_log'])('the owner, who could, is still stopped from changing %s by its append-only trigger', async (table) => {
    const owner = await connect(OWNER_URL());
    try {
      await expect(owner.query(`update ${table} set created_at = created_at where id = (select max(id) from ${table})`)).rejects.toThrow(
        new RegExp(`${table} is append-only: UPDATE refused`),
      );
      await expect(owner.query(`delete from ${table} where id = (select max(id) from ${table})`)).rejects.toThrow(/append-only: DELETE refused/);
    } finally {
      await owner.end();
    }
  });

  it('still moves money: the wallet shows every entry the role was allowed to add', async () => {
    await fund(t, agency, '5.00');
    expect((await walletOf(t, agency)).balance).toBe('30.00');
  });

  it('gets its rights on tables a later migration creates, without anyone granting them', async () => {
    const owner = await connect(OWNER_URL());
    const table = `later_feature_${Date.now()}`;
    try {
      await owner.query(`create table ${table} (id bigint generated always as identity primary key, note text not null)`);
      expect(await outcome(app, `insert into ${table} (note) values ('a')`)).toBe('ok');
      expect(await outcome(app, `update ${table} set note = 'b'`)).toBe('ok');
      expect((await app.query(`select note from ${table}`)).rows).toEqual([{ note: 'b' }]);
      expect(await outcome(app, `delete from ${table}`)).toBe('ok');
      expect(await outcome(app, `truncate ${table}`)).toBe('42501');
      expect(await outcome(app, `alter table ${table} add column extra text`)).toBe('42501');
    } finally {
      await owner.query(`drop table if exists ${table}`);
      await owner.end();
    }
  });

  it('cannot create tables or change the migrations record', async () => {
    expect(await outcome(app, 'create table sneaky (id int)')).toBe('42501');
    expect(await outcome(app, `delete from mikro_orm_migrations`)).toBe('42501');
    expect((await app.query('select count(*)::int as n from mikro_orm_migrations')).rows[0].n).toBeGreaterThan(0);
  });

  it('the boot check names what is unsafe about a role: the owner is refused, the application role passes', async () => {
    const asOwner = await prepareDatabase({ url: OWNER_URL(), migrationUrl: OWNER_URL(), deriveAppRole: false, poolSize: 2 });
    expect(asOwner.url).toBe(OWNER_URL());
    expect(asOwner.problems.join('; ')).toMatch(/is a superuser/);
    expect(asOwner.problems.join('; ')).toMatch(/owns \d+ tables/);
    expect(asOwner.problems.join('; ')).toMatch(/may update, delete or truncate ledger_entries and audit_log/);

    const asApp = await prepareDatabase({ url: APP_URL(), migrationUrl: OWNER_URL(), deriveAppRole: false, poolSize: 2 });
    expect(asApp).toEqual({ url: APP_URL(), role: expect.stringMatching(/_app$/), applied: [], problems: [] });
  });

  it('production refuses to boot when the application would connect as the owner', async () => {
    const production = {
      NODE_ENV: 'production',
      ROLE: 'worker',
      ADMIN_API_KEY: `${ADMIN_KEY}-and-long-enough-for-production`,
      STRIPE_SECRET_KEY: 'sk_test_a_real_looking_key_for_this_test',
      STRIPE_WEBHOOK_SECRET: 'whsec_a_real_looking_secret_for_this_test',
      API_KEY_PEPPER: 'a_real_looking_pepper_for_this_test_0123456789',
      MAIL_DISABLED: 'true',
      PUBLIC_BASE_URL: 'https://wallet.example.com',
      DATABASE_URL: OWNER_URL(),
      DATABASE_MIGRATION_URL: OWNER_URL(),
    };
    const error = await startServiceProcess('src/worker.ts', production).then(
      async (started) => {
        await started.kill();
        return undefined;
      },
      (failure: Error) => failure,
    );
    expect(error?.message).toMatch(/DATABASE_URL: the application's database role \S+ is a superuser/);
  });

  it('production without DATABASE_MIGRATION_URL refuses to boot on a database with migrations pending', async () => {
    const owner = await connect(OWNER_URL());
    const name = `aw_test_empty_${Date.now()}_${process.pid}`;
    await owner.query(`create database ${name}`);
    try {
      const empty = new URL(OWNER_URL());
      empty.pathname = `/${name}`;
      await expect(prepareDatabase({ url: empty.toString(), migrationUrl: undefined, deriveAppRole: false, poolSize: 2 })).rejects.toThrow(
        /DATABASE_MIGRATION_URL: not set, and \d+ migrations are pending/,
      );
      // Once migrated elsewhere, the same boot goes ahead.
      const migrated = await prepareDatabase({ url: APP_URL(), migrationUrl: undefined, deriveAppRole: false, poolSize: 2 });
      expect(migrated).toEqual({ url: APP_URL(), role: expect.stringMatching(/_app$/), applied: [], problems: [] });
    } finally {
      await owner.query(`drop database if exists ${name} with (force)`);
      await owner.end();
    }
  });

  it('on a local machine whose PostgreSQL user may not create roles, runs as that user and says why', async () => {
    const owner = await connect(OWNER_URL());
    const stamp = `${Date.now()}_${process.pid}`;
    const [user, database] = [`aw_test_plain_${stamp}`, `aw_test_plain_${stamp}`];
    await owner.query(`create role ${user} login createdb`);
    await owner.query(`create database ${database} owner ${user}`);
    try {
      const local = new URL(OWNER_URL());
      local.username = user;
      local.pathname = `/${database}`;
      const prepared = await prepareDatabase({ url: local.toString(), migrationUrl: local.toString(), deriveAppRole: true, poolSize: 2 });
      expect(prepared.url).toBe(local.toString());
      expect(prepared.applied.length).toBeGreaterThan(0);
      expect(prepared.problems.join('; ')).toMatch(new RegExp(`role ${user} owns \\d+ tables`));
    } finally {
      await owner.query(`drop database if exists ${database} with (force)`);
      await owner.query(`drop role if exists ${user}`);
      await owner.end();
    }
  });
});
