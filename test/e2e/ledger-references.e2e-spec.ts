import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from '../../src/database/migrate';
import { ormOptions } from '../../src/database/orm.config';
import { dropDatabase } from '../support/global-setup';
import {
  ADMIN_KEY,
  type TestApp,
  bearer,
  createAgency,
  createSubteam,
  expectLedgerInvariant,
  fund,
  startTestApp,
  walletOf,
} from '../support/test-app';

/**
 * Call-path entries show the caller's own reference: a settled call its call id, direct usage
 * the reference it was sent with. Their `source` tells the two apart, so the same text may be
 * both a call id and a usage reference, and each is still unique per wallet.
 */
describe('Ledger references on the call path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows the call id and the usage reference as sent, in entries, usage answers and the timeline', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');

    await t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'shared-1', amount: '1.00' }).expect(201);
    await t.http.post('/v1/calls/shared-1/settle').set(bearer(subteam.key)).send({ cost: '0.50' }).expect(200);
    const usage = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.25', reference: 'shared-1' }).expect(201);
    expect(usage.body).toMatchObject({ source: 'usage', reference: 'shared-1', amount: '-0.25', overrun: null });
    const lookalike = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.10', reference: 'call:shared-1' }).expect(201);
    expect(lookalike.body).toMatchObject({ source: 'usage', reference: 'call:shared-1' });

    // Replays still hit the unique key of their own source.
    const replay = await t.http.post('/v1/usage').set(bearer(subteam.key)).send({ amount: '0.25', reference: 'shared-1' }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(usage.body);
    expect(
      (await t.http.post('/v1/calls/shared-1/settle').set(bearer(subteam.key)).send({ cost: '0.50' }).expect(200)).headers['idempotent-replayed'],
    ).toBe('true');

    const entries = await t.http.get(`/v1/agencies/${agency.id}/wallet/entries?type=usage`).set(bearer(agency.ownerKey)).expect(200);
    expect(entries.body.data.map((e: { source: string; reference: string }) => [e.source, e.reference])).toEqual([
      ['usage', 'call:shared-1'],
      ['usage', 'shared-1'],
      ['call', 'shared-1'],
    ]);

    const timeline = await t.http.get(`/v1/support/agencies/${agency.id}/timeline?type=ledger_entry`).set(bearer(ADMIN_KEY)).expect(200);
    const references = timeline.body.data.map((row: { data: { source: string | null; reference: string } }) => [row.data.source, row.data.reference]);
    expect(references).toEqual(
      expect.arrayContaining([
        ['call', 'shared-1'],
        ['usage', 'shared-1'],
      ]),
    );
    expect(await walletOf(t, agency)).toMatchObject({ balance: '9.15' });
    await expectLedgerInvariant(t, agency);
  });
});

/**
 * Entries written before `source` existed carried it as a prefix in the reference. The migration
 * moves it out once (the only place the append-only trigger is bypassed), keeps every amount and
 * balance, and leaves the ledger append-only again.
 */
describe('Migrating prefixed references', () => {
  const url = (() => {
    const base = new URL(process.env.AW_TEST_DATABASE!);
    base.pathname = `${base.pathname}_refs`;
    return base.toString();
  })();
  let orm: MikroORM;
  let db: Client;

  beforeAll(async () => {
    await ensureDatabase(url);
    orm = await MikroORM.init({ ...ormOptions({ database: { url, poolSize: 2 } }), logger: () => undefined });
    await orm.migrator.up({ to: 'Migration20261123000400_wallet_versions' });
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await orm?.close();
    await dropDatabase(url);
  });

  it('moves call: and usage: prefixes into source, takes overruns from the holds, and keeps the ledger append-only', async () => {
    const [agency, wallet, subteam] = [randomUUID(), randomUUID(), randomUUID()];
    await db.query(`insert into agencies (id, name, owner_email) values ($1, 'Before', 'before@migration.test')`, [agency]);
    await db.query(`insert into wallets (id, agency_id, balance_micros, held_micros) values ($1, $2, 7250000, 2000000)`, [wallet, agency]);
    await db.query(`insert into subteams (id, agency_id, name) values ($1, $2, 'Old team')`, [subteam, agency]);
    await db.query(
      `insert into holds (id, wallet_id, subteam_id, call_id, amount_micros, status, expires_at, charged_micros, released_micros, closed_at)
       values ($1, $3, $4, 'old-call', 1000000, 'settled', now(), 1750000, 0, now()),
              ($2, $3, $4, 'open-call', 2000000, 'open', now() + interval '1 hour', null, null, null)`,
      [randomUUID(), randomUUID(), wallet, subteam],
    );
    const insert = (type: string, amount: number, after: number, reference: string) =>
      db.query(
        `insert into ledger_entries (wallet_id, subteam_id, type, amount_micros, balance_after_micros, reference, description)
         values ($1, $2, $3, $4, $5, $6, 'legacy')`,
        [wallet, type === 'usage' ? subteam : null, type, amount, after, reference],
      );
    await insert('adjustment', 10_000_000, 10_000_000, 'adjustment:opening');
    await insert('usage', -1_750_000, 8_250_000, 'call:old-call');
    await insert('usage', -500_000, 7_750_000, 'usage:sms-1');
    await insert('usage', -250_000, 7_500_000, 'usage:call:old-call');
    await insert('usage', -250_000, 7_250_000, 'call:usage:odd');
    const before = (await db.query(`select id, amount_micros, balance_after_micros, created_at from ledger_entries order by id`)).rows;

    await orm.migrator.up();

    const after = await db.query(`select id, type, source, reference, overrun_micros::text as overrun, amount_micros, balance_after_micros, created_at
      from ledger_entries order by id`);
    expect(after.rows.map((r) => [r.type, r.source, r.reference, r.overrun])).toEqual([
      ['adjustment', null, 'adjustment:opening', null],
      ['usage', 'call', 'old-call', '750000'],
      ['usage', 'usage', 'sms-1', null],
      ['usage', 'usage', 'call:old-call', null],
      ['usage', 'call', 'usage:odd', null],
    ]);
    expect(
      after.rows.map(({ id, amount_micros, balance_after_micros, created_at }) => ({ id, amount_micros, balance_after_micros, created_at })),
    ).toEqual(before);

    // A usage entry must say its source; the unique key spans it, so an old usage reference is still taken.
    await expect(insert('usage', -1, 0, 'old-style')).rejects.toThrow(/ledger_entries_usage_source_check/);
    await expect(
      db.query(
        `insert into ledger_entries (wallet_id, subteam_id, type, source, amount_micros, balance_after_micros, reference)
         values ($1, $2, 'usage', 'usage', -1, 0, 'sms-1')`,
        [wallet, subteam],
      ),
    ).rejects.toThrow(/ledger_entries_reference_key/);
    await expect(db.query(`update ledger_entries set description = 'rewritten' where wallet_id = $1`, [wallet])).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from ledger_entries where wallet_id = $1`, [wallet])).rejects.toThrow(/append-only/);
    expect((await db.query(`select initial_amount_micros::text as initial from holds order by call_id`)).rows).toEqual([
      { initial: '1000000' },
      { initial: '2000000' },
    ]);
    expect((await db.query(`select max_call_overrun_micros::text as max from agencies where id = $1`, [agency])).rows).toEqual([{ max: '5000000' }]);
  });
});
