import { Database, sql } from '../../src/database/database';
import { MetricsService } from '../../src/health/metrics.service';
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

/**
 * The ledger writer answers a busy wallet from the state its own last batch left, written in one
 * statement guarded by the wallet's version. Whatever changes the wallet elsewhere (a credit, a
 * pause, a limit, another API process) must be honoured by the very next call, and a replay this
 * process never saw must still be recognised.
 */
describe('Calls on a wallet the writer already knows', () => {
  let t: TestApp;
  let other: TestApp;
  let seq = 0;
  beforeAll(async () => {
    // No pause after another writer's change: each scenario's next call tries known state again.
    t = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
    other = await startTestApp({ BATCH_CONTENTION_BACKOFF_MS: '0' });
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  const authorize = (app: TestApp, subteam: Subteam, amount: string, callId = `k-${++seq}`) =>
    app.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount });
  const settle = (app: TestApp, subteam: Subteam, callId: string, cost: string) =>
    app.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost });

  /** Makes the wallet known to `app`'s writer: one call through it. */
  async function warm(app: TestApp, subteam: Subteam): Promise<void> {
    const res = await authorize(app, subteam, '0.01');
    expect(res.status).toBe(201);
    expect((await settle(app, subteam, res.body.callId, '0.01')).status).toBe(200);
  }

  async function batchesBy(app: TestApp, path: 'known' | 'known_refused'): Promise<number> {
    const metric = await app.app.get(MetricsService).ledgerBatches.get();
    return metric.values.find((v) => v.labels.path === path)?.value ?? 0;
  }

  async function setup(balance: string): Promise<{ agency: Agency; subteam: Subteam }> {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, balance);
    await warm(t, subteam);
    return { agency, subteam };
  }

  it('writes the calls of a known wallet without reading it first', async () => {
    const { agency, subteam } = await setup('10.00');
    const before = await batchesBy(t, 'known');
    const auth = await authorize(t, subteam, '1.00');
    expect(auth.status).toBe(201);
    expect((await settle(t, subteam, auth.body.callId, '0.40')).status).toBe(200);
    expect(await batchesBy(t, 'known')).toBe(before + 2);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '9.59', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('sees a credit made elsewhere at once', async () => {
    const { agency, subteam } = await setup('1.00');
    expect((await authorize(t, subteam, '5.00')).status).toBe(402);
    await fund(t, agency, '10.00');
    expect((await authorize(t, subteam, '5.00')).status).toBe(201);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '10.99', held: '5.00', available: '5.99' });
    await expectLedgerInvariant(t, agency);
  });

  it('refuses the next call once the subteam or the agency is paused, and serves it again once resumed', async () => {
    const { agency, subteam } = await setup('10.00');
    const patchSubteam = (paused: boolean) =>
      t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ paused }).expect(200);
    const patchAgency = (paused: boolean) => t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(ADMIN_KEY)).send({ paused }).expect(200);

    await patchSubteam(true);
    const refused = await authorize(t, subteam, '1.00');
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ scope: 'subteam' });
    await patchSubteam(false);
    expect((await authorize(t, subteam, '1.00')).status).toBe(201);

    await patchAgency(true);
    const agencyRefused = await authorize(t, subteam, '1.00');
    expect(agencyRefused.status).toBe(409);
    expect(agencyRefused.body.error.details).toMatchObject({ scope: 'agency' });
    await patchAgency(false);
    expect((await authorize(t, subteam, '1.00')).status).toBe(201);
    await expectLedgerInvariant(t, agency);
  });

  it('applies a spend limit set after the wallet became known', async () => {
    const { agency, subteam } = await setup('10.00');
    await t.http.patch(`/v1/agencies/${agency.id}/subteams/${subteam.id}`).set(bearer(agency.ownerKey)).send({ dailySpendLimit: '1.00' }).expect(200);
    const refused = await authorize(t, subteam, '1.00');
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('spend_limit_exceeded');
    expect((await authorize(t, subteam, '0.99')).status).toBe(201);
  });

  it('stays exact when another API process writes to the wallet between its calls', async () => {
    const { agency, subteam } = await setup('10.00');
    await warm(other, subteam);
    for (let i = 0; i < 5; i++) {
      const app = i % 2 ? other : t;
      const auth = await authorize(app, subteam, '1.00');
      expect(auth.status).toBe(201);
      expect((await settle(i % 2 ? t : other, subteam, auth.body.callId, '0.50')).status).toBe(200);
    }
    expect(await walletOf(t, agency)).toMatchObject({ balance: '7.48', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('recognises the replay of a call authorized by another process, and of usage it recorded', async () => {
    const { agency, subteam } = await setup('10.00');
    const first = await authorize(other, subteam, '2.00', 'replayed-call');
    expect(first.status).toBe(201);
    await warm(t, subteam);

    const replay = await authorize(t, subteam, '2.00', 'replayed-call');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.holdId).toBe(first.body.holdId);

    const usage = { reference: 'replayed-usage', amount: '0.25' };
    expect((await other.http.post('/v1/usage').set(bearer(subteam.key)).send(usage)).status).toBe(201);
    await warm(t, subteam);
    const usageReplay = await t.http.post('/v1/usage').set(bearer(subteam.key)).send(usage);
    expect(usageReplay.status).toBe(201);
    expect(usageReplay.headers['idempotent-replayed']).toBe('true');

    expect(await walletOf(t, agency)).toMatchObject({ balance: '9.72', held: '2.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('answers a replay refused by a unique key, and every batch applied on top of it, through the locking path', async () => {
    const { agency, subteam } = await setup('100.00');
    const first = await authorize(other, subteam, '1.00', 'chained-replay');
    await warm(t, subteam);
    const refusedBefore = await batchesBy(t, 'known_refused');

    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 10 === 0 ? authorize(t, subteam, '1.00', 'chained-replay') : authorize(t, subteam, '0.50', `chain-${i}`),
      ),
    );
    responses.forEach((res) => expect(res.status).toBe(201));
    const replays = responses.filter((_, i) => i % 10 === 0);
    expect(replays.every((res) => res.body.holdId === first.body.holdId)).toBe(true);
    expect(await batchesBy(t, 'known_refused')).toBeGreaterThan(refusedBefore);
    // 54 new holds of 0.50 and the one replayed hold of 1.00; nothing charged yet.
    expect(await walletOf(t, agency)).toMatchObject({ balance: '99.98', held: '28.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('carries on when PostgreSQL drops its connections, the ordered one included', async () => {
    const { agency, subteam } = await setup('10.00');
    const knownBefore = await batchesBy(t, 'known');
    await t.app
      .get(Database)
      .rows(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);

    for (let i = 0; i < 3; i++) {
      const auth = await authorize(t, subteam, '1.00');
      expect(auth.status).toBe(201);
      expect((await settle(t, subteam, auth.body.callId, '1.00')).status).toBe(200);
    }
    expect(await walletOf(t, agency)).toMatchObject({ balance: '6.99', held: '0.00' });
    // The writer is back on its one-round-trip path, over a new ordered connection.
    expect(await batchesBy(t, 'known')).toBeGreaterThan(knownBefore);
    await expectLedgerInvariant(t, agency);
  });

  it('settles a call authorized by another process, and refuses an unknown one', async () => {
    const { agency, subteam } = await setup('10.00');
    const auth = await authorize(other, subteam, '3.00');
    await warm(t, subteam);
    expect((await settle(t, subteam, auth.body.callId, '2.50')).status).toBe(200);
    expect((await settle(t, subteam, 'never-authorized', '1.00')).status).toBe(404);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '7.48', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('keeps every guarantee under concurrent calls from two processes on one known wallet', async () => {
    const { agency, subteam } = await setup('20.00');
    await warm(other, subteam);
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const app = i % 2 ? other : t;
        const auth = await authorize(app, subteam, '0.25', `both-${i}`);
        if (auth.status !== 201) return auth.status;
        expect((await settle(i % 3 ? t : other, subteam, `both-${i}`, '0.25')).status).toBe(200);
        return 201;
      }),
    );
    // 20.00 − 2 × 0.01 warm-ups leaves room for exactly 79 calls of 0.25.
    expect(results.filter((status) => status === 201)).toHaveLength(79);
    expect(results.filter((status) => status !== 201).every((status) => status === 402)).toBe(true);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '0.23', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });
});
