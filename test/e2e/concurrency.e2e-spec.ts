import { parseMoney } from '../../src/database/money';
import {
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

/** One hot wallet, many subteams, everything at once: the ledger must stay exact. */
describe('Concurrent calls on one wallet', () => {
  let t: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // A second application instance: its own ledger writer and pool, as another API process.
    second = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await second.close();
  });

  async function authorizeAndSettle(app: TestApp, subteam: Subteam, callId: string, amount: string) {
    const auth = await app.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount });
    if (auth.status !== 201) return { authorized: false, status: auth.status, code: auth.body.error?.code };
    const settled = await app.http.post(`/v1/calls/${callId}/settle`).set(bearer(subteam.key)).send({ cost: amount });
    expect(settled.status).toBe(200);
    return { authorized: true, status: 201, code: null };
  }

  it('settles exactly 333 of 600 concurrent 0.30 calls on 100.00 across 4 subteams and leaves 0.10', async () => {
    const agency = await createAgency(t);
    const subteams = await Promise.all([1, 2, 3, 4].map(() => createSubteam(t, agency)));
    await fund(t, agency, '100.00');

    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => authorizeAndSettle(t, subteams[i % 4], `c-${i}`, '0.30')));

    const settled = results.filter((r) => r.authorized);
    expect(settled).toHaveLength(333);
    expect(results.filter((r) => !r.authorized).every((r) => r.status === 402 && r.code === 'insufficient_funds')).toBe(true);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '0.10', held: '0.00', available: '0.10' });
    await expectEntries(t, agency, 333, '-0.30');
    await expectLedgerInvariant(t, agency);
  });

  it('keeps the same guarantees with two application instances writing to one wallet', async () => {
    const agency = await createAgency(t);
    const subteams = await Promise.all([1, 2].map(() => createSubteam(t, agency)));
    await fund(t, agency, '30.00');

    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => authorizeAndSettle(i % 2 ? second : t, subteams[i % 2], `m-${i}`, '0.25')),
    );

    expect(results.filter((r) => r.authorized)).toHaveLength(120);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '0.00', held: '0.00' });
    await expectLedgerInvariant(t, agency);
  });

  it('applies each of many concurrent retries of the same call exactly once', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '10.00');

    const authorizations = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? second : t).http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId: 'retried', amount: '1.00' }),
      ),
    );
    expect(authorizations.every((r) => r.status === 201)).toBe(true);
    expect(new Set(authorizations.map((r) => r.body.holdId)).size).toBe(1);

    const settlements = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? second : t).http.post('/v1/calls/retried/settle').set(bearer(subteam.key)).send({ cost: '0.70' }),
      ),
    );
    expect(settlements.every((r) => r.status === 200)).toBe(true);
    expect(new Set(settlements.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await walletOf(t, agency)).toMatchObject({ balance: '9.30', held: '0.00' });
    await expectEntries(t, agency, 1, '-0.70');
    await expectLedgerInvariant(t, agency);
  });

  it('rejects only the failing requests of a batch, not their neighbours', async () => {
    const agency = await createAgency(t);
    const subteam = await createSubteam(t, agency);
    await fund(t, agency, '5.00');
    const bodies = Array.from({ length: 40 }, (_, i) => ({ callId: `b-${i}`, amount: i % 2 ? '1000.00' : '0.10' }));
    const responses = await Promise.all(bodies.map((body) => t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send(body)));
    responses.forEach((res, i) => expect(res.status).toBe(i % 2 ? 402 : 201));
    expect((await walletOf(t, agency)).held).toBe('2.00');
    await expectLedgerInvariant(t, agency);
  });
});

async function expectEntries(t: TestApp, agency: Agency, count: number, amount: string) {
  let cursor: string | null = null;
  const amounts: string[] = [];
  do {
    const query: string = `/v1/agencies/${agency.id}/wallet/entries?type=usage&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await t.http.get(query).set(bearer(agency.ownerKey)).expect(200);
    amounts.push(...page.body.data.map((entry: { amount: string }) => entry.amount));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(amounts).toHaveLength(count);
  expect(amounts.every((value) => parseMoney(value) === parseMoney(amount))).toBe(true);
}
