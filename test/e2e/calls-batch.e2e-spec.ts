import { formatMoney, parseMoney } from '../../src/database/money';
import { MetricsService } from '../../src/health/metrics.service';
import type { Schemas } from '../../client';
import { clientFor, expectOk } from '../support/client';
import { expectError, moneySnapshot } from '../support/matrix';
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

type Operation = Schemas['CallBatchAuthorize'] | Schemas['CallBatchExtend'] | Schemas['CallBatchSettle'] | Schemas['CallBatchRelease'];
type Result = Schemas['CallBatchResults']['results'][number];

/** POST /v1/calls/batch through the typed client (client/), as a dialer would send it. */
async function batch(t: TestApp, key: string, operations: Operation[]): Promise<Result[]> {
  const res = await expectOk(clientFor(t, key).POST('/v1/calls/batch', { body: { operations } }), 200);
  expect(res.headers.get('idempotent-replayed')).toBeNull();
  return res.body.results;
}

const statuses = (results: Result[]) => results.map((result) => result.status);
const codeOf = (result: Result) => ('error' in result.body ? result.body.error.code : null);
const micros = (amount: string) => parseMoney(amount);

let calls = 0;
/** Call ids unique to this run, so that a rerun on the same database never replays an old call. */
const newCallId = (name: string) => `batch-${name}-${process.pid}-${Date.now().toString(36)}-${++calls}`;

describe('Calls in batches: POST /v1/calls/batch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('one subteam on one wallet', () => {
    let agency: Agency;
    let subteam: Subteam;
    beforeAll(async () => {
      agency = await createAgency(t);
      subteam = await createSubteam(t, agency);
      await fund(t, agency, '20.00');
    });
    afterEach(() => expectLedgerInvariant(t, agency));

    it('answers each operation on its own: one insufficient_funds refuses that call alone', async () => {
      const [held, big, small, other] = ['held', 'big', 'small', 'other'].map(newCallId);
      await expectOk(clientFor(t, subteam.key).POST('/v1/calls/authorize', { body: { callId: held, amount: '1.00' } }), 201);
      const before = await walletOf(t, agency);

      const results = await batch(t, subteam.key, [
        { op: 'authorize', callId: big, amount: '500.00' },
        { op: 'authorize', callId: small, amount: '2.00' },
        { op: 'settle', callId: held, cost: '0.40' },
        { op: 'authorize', callId: other, amount: '1.50' },
      ]);

      expect(statuses(results)).toEqual([402, 201, 200, 201]);
      expect(results[0]).toMatchObject({
        op: 'authorize',
        callId: big,
        replayed: false,
        body: { error: { code: 'insufficient_funds', details: { requested: '500.00' } } },
      });
      expect(results[1]).toEqual({
        op: 'authorize',
        callId: small,
        status: 201,
        replayed: false,
        body: { callId: small, holdId: expect.any(String), authorizedAmount: '2.00', expiresAt: expect.any(String) },
      });
      expect(results[2]).toEqual({
        op: 'settle',
        callId: held,
        status: 200,
        replayed: false,
        body: { callId: held, charged: '0.40', released: '0.60', balanceAfter: formatMoney(micros(before.balance) - micros('0.40')) },
      });
      const after = await walletOf(t, agency);
      expect(micros(before.balance) - micros(after.balance)).toBe(micros('0.40'));
      // The held call was settled (−1.00); small and other are held (+3.50); big never was.
      expect(micros(after.held) - micros(before.held)).toBe(micros('2.50'));
    });

    it('authorizes and settles the same call in one batch, in the order sent', async () => {
      const callId = newCallId('same');
      const before = await walletOf(t, agency);
      const results = await batch(t, subteam.key, [
        { op: 'authorize', callId, amount: '3.00' },
        { op: 'settle', callId, cost: '1.25' },
      ]);
      expect(statuses(results)).toEqual([201, 200]);
      expect(results[1].body).toMatchObject({ callId, charged: '1.25', released: '1.75' });
      const after = await walletOf(t, agency);
      expect(micros(before.balance) - micros(after.balance)).toBe(micros('1.25'));
      expect(after.held).toBe(before.held);

      // The other way round, the settle finds no call yet: 404, and the authorize then holds it.
      const reversed = newCallId('reversed');
      const backwards = await batch(t, subteam.key, [
        { op: 'settle', callId: reversed, cost: '1.00' },
        { op: 'authorize', callId: reversed, amount: '1.00' },
        { op: 'release', callId: reversed },
      ]);
      expect(statuses(backwards)).toEqual([404, 201, 200]);
      expect(codeOf(backwards[0])).toBe('not_found');
      expect(backwards[2].body).toEqual({ callId: reversed, status: 'released', released: '1.00' });
    });

    it('sends the whole batch to the ledger writer at once: one ledger batch for all its operations', async () => {
      const histogram = async () => {
        const { values } = await t.app.get(MetricsService).batchSize.get();
        const value = (name: string) => values.find((v) => v.metricName === `ledger_batch_size_${name}`)?.value ?? 0;
        return { batches: value('count'), operations: value('sum') };
      };
      const before = await histogram();
      const callIds = Array.from({ length: 12 }, () => newCallId('trip'));
      const results = await batch(t, subteam.key, [
        ...callIds.map((callId) => ({ op: 'authorize' as const, callId, amount: '0.10' })),
        ...callIds.map((callId) => ({ op: 'release' as const, callId })),
      ]);
      expect(statuses(results)).toEqual([...Array(12).fill(201), ...Array(12).fill(200)]);
      // Nothing else writes to the ledger meanwhile in this app (no worker): a second batch would be a second trip.
      expect(await histogram()).toEqual({ batches: before.batches + 1, operations: before.operations + 24 });
    });

    it('answers a whole batch sent again with the same answers, each marked replayed, and charges once', async () => {
      const [a, b, c] = ['a', 'b', 'c'].map(newCallId);
      // c is authorized beforehand: a replayed authorize answers the call's current authorization,
      // extensions included, so an authorize and an extend of one call would not answer the same twice.
      await expectOk(clientFor(t, subteam.key).POST('/v1/calls/authorize', { body: { callId: c, amount: '1.00' } }), 201);
      const operations: Operation[] = [
        { op: 'authorize', callId: a, amount: '2.00' },
        { op: 'authorize', callId: b, amount: '1.00' },
        { op: 'extend', callId: c, authorizedAmount: '1.50' },
        { op: 'settle', callId: a, cost: '0.75' },
        { op: 'release', callId: b },
        { op: 'settle', callId: b, cost: '0.10' },
      ];
      const first = await batch(t, subteam.key, operations);
      expect(statuses(first)).toEqual([201, 201, 200, 200, 200, 409]);
      expect(first.map((result) => result.replayed)).toEqual([false, false, false, false, false, false]);
      const snapshot = await moneySnapshot(t, agency);

      const again = await batch(t, subteam.key, operations);
      expect(again.map(({ replayed: _, ...rest }) => rest)).toEqual(first.map(({ replayed: _, ...rest }) => rest));
      // Every operation that succeeded repeats its first answer; the refused settle is refused again, as alone.
      expect(again.map((result) => result.replayed)).toEqual([true, true, true, true, true, false]);
      expect(codeOf(again[5])).toBe('call_released');
      expect(await moneySnapshot(t, agency)).toEqual(snapshot);
      const entries = snapshot.entries.data.filter((entry: { reference: string }) => entry.reference === a);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ amount: '-0.75', source: 'call', subteamId: subteam.id });

      // Replayed one by one, the single routes agree.
      const single = await expectOk(
        clientFor(t, subteam.key).POST('/v1/calls/{callId}/settle', { params: { path: { callId: a } }, body: { cost: '0.75' } }),
        200,
      );
      expect(single.body).toEqual(first[3].body);
      expect(single.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses the whole request, changing nothing, when the envelope is wrong', async () => {
      const callIds = Array.from({ length: 101 }, () => newCallId('many'));
      const snapshot = await moneySnapshot(t, agency);
      const post = (body: unknown) =>
        t.http
          .post('/v1/calls/batch')
          .set(bearer(subteam.key))
          .send(body as object);

      const tooMany = await post({ operations: callIds.map((callId) => ({ op: 'authorize', callId, amount: '0.01' })) });
      expectError(tooMany, 422, 'validation_error');
      expect(tooMany.body.error.details.fields).toEqual([expect.objectContaining({ path: 'operations' })]);
      const unknownOp = await post({
        operations: [
          { op: 'authorize', callId: callIds[0], amount: '0.01' },
          { op: 'refund', callId: callIds[1] },
        ],
      });
      expectError(unknownOp, 422, 'validation_error');
      expect(unknownOp.body.error.details.fields).toEqual([expect.objectContaining({ path: 'operations.1.op' })]);
      for (const body of [
        { operations: {} },
        { operations: [] },
        { operations: ['authorize'] },
        [{ op: 'authorize' }],
        {},
        { operations: [], extra: 1 },
      ]) {
        expectError(await post(body), 422, 'validation_error');
      }

      expect(await moneySnapshot(t, agency)).toEqual(snapshot);
      // Not one of the 101 calls was authorized.
      const released = await batch(t, subteam.key, [{ op: 'release', callId: callIds[0] }]);
      expect(codeOf(released[0])).toBe('not_found');
    });

    it('answers a malformed operation as its own 422 while the others run', async () => {
      const [good, bad, other] = ['good', 'bad', 'other'].map(newCallId);
      const res = await t.http
        .post('/v1/calls/batch')
        .set(bearer(subteam.key))
        .send({
          operations: [
            { op: 'authorize', callId: good, amount: '1.00' },
            { op: 'authorize', callId: bad, amount: 1.5 },
            { op: 'settle', callId: good, cost: '0.20', tip: '1.00' },
            { op: 'settle', cost: '0.20' },
            { op: 'authorize', callId: other, amount: '0.500' },
          ],
        })
        .expect(200);
      const results = res.body.results as Result[];
      expect(statuses(results)).toEqual([201, 422, 422, 422, 201]);
      expect(results.map((result) => result.callId)).toEqual([good, bad, good, null, other]);
      expect(results[1].body).toMatchObject({
        error: { code: 'validation_error', details: { fields: [{ path: 'amount', message: expect.any(String) }] } },
      });
      expect(results[2].body).toMatchObject({ error: { code: 'validation_error', details: { fields: [{ path: 'tip' }] } } });
      expect(results[3].body).toMatchObject({ error: { code: 'validation_error', details: { fields: [{ path: 'callId' }] } } });
      // The malformed settle changed nothing: the call is still open, then settles normally.
      const settled = await batch(t, subteam.key, [
        { op: 'settle', callId: good, cost: '0.20' },
        { op: 'release', callId: other },
      ]);
      expect(settled.map((result) => result.body)).toEqual([
        { callId: good, charged: '0.20', released: '0.80', balanceAfter: expect.any(String) },
        { callId: other, status: 'released', released: '0.50' },
      ]);
    });
  });

  describe('many batches at once on one wallet', () => {
    let agency: Agency;
    let subteams: Subteam[];
    beforeAll(async () => {
      agency = await createAgency(t);
      subteams = [await createSubteam(t, agency), await createSubteam(t, agency)];
      await fund(t, agency, '25.00');
    });

    it('keeps the ledger whole (balance = Σ entries, held = Σ open holds) while funds run out', async () => {
      // Each batch holds five calls open ($1 each) and runs five short ones (held $0.50, cost $0.30):
      // 8 × $5 open does not fit in $25, so some authorizes are refused along the way.
      const sent = Array.from({ length: 8 }, (_, i) => {
        const open = Array.from({ length: 5 }, () => newCallId(`open${i}`));
        const short = Array.from({ length: 5 }, () => newCallId(`short${i}`));
        const operations: Operation[] = [];
        for (let k = 0; k < 5; k++) {
          operations.push({ op: 'authorize', callId: short[k], amount: '0.50' }, { op: 'authorize', callId: open[k], amount: '1.00' });
          operations.push({ op: 'settle', callId: short[k], cost: '0.30' });
        }
        return { key: subteams[i % 2].key, operations };
      });
      const answered = await Promise.all(sent.map(({ key, operations }) => batch(t, key, operations)));

      let charged = 0n;
      let held = 0n;
      let refused = 0;
      sent.forEach(({ operations }, i) =>
        operations.forEach((operation, k) => {
          const result = answered[i][k];
          if (operation.op === 'settle') {
            if (result.status === 200) charged += micros('0.30');
            else expect(codeOf(result)).toBe('not_found'); // its authorize was refused
          } else if (operation.op === 'authorize' && result.status === 201) {
            if (operation.amount === '1.00') held += micros('1.00');
          } else {
            expect(codeOf(result)).toBe('insufficient_funds');
            refused++;
          }
        }),
      );
      expect(refused).toBeGreaterThan(0);
      expect(charged).toBeGreaterThan(0n);
      const wallet = await walletOf(t, agency);
      expect(micros(wallet.balance)).toBe(micros('25.00') - charged);
      expect(micros(wallet.held)).toBe(held);
      expect(micros(wallet.available)).toBeGreaterThanOrEqual(0n);
      await expectLedgerInvariant(t, agency);
    });
  });

  describe('keys and tenants', () => {
    let agency: Agency;
    let mine: Subteam;
    let theirs: Subteam;
    let otherAgency: Agency;
    let outsider: Subteam;
    beforeAll(async () => {
      agency = await createAgency(t);
      [mine, theirs] = [await createSubteam(t, agency), await createSubteam(t, agency)];
      otherAgency = await createAgency(t);
      outsider = await createSubteam(t, otherAgency);
      await fund(t, agency, '10.00');
      await fund(t, otherAgency, '10.00');
    });
    afterAll(async () => {
      await expectLedgerInvariant(t, agency);
      await expectLedgerInvariant(t, otherAgency);
    });

    it("never lets a subteam key touch another subteam's or another agency's calls", async () => {
      const callId = newCallId('mine');
      expect(statuses(await batch(t, mine.key, [{ op: 'authorize', callId, amount: '2.00' }]))).toEqual([201]);
      const snapshot = await moneySnapshot(t, agency);

      const sibling = await batch(t, theirs.key, [
        { op: 'settle', callId, cost: '2.00' },
        { op: 'extend', callId, authorizedAmount: '3.00' },
        { op: 'release', callId },
        { op: 'authorize', callId: newCallId('as-mine'), amount: '1.00', subteamId: mine.id },
      ]);
      expect(sibling.map(codeOf)).toEqual(['not_found', 'not_found', 'not_found', 'forbidden']);
      expect(statuses(sibling)).toEqual([404, 404, 404, 403]);

      const stranger = await batch(t, outsider.key, [
        { op: 'settle', callId, cost: '2.00' },
        { op: 'release', callId },
        { op: 'authorize', callId: newCallId('as-them'), amount: '1.00', subteamId: mine.id },
      ]);
      expect(statuses(stranger)).toEqual([404, 404, 403]);
      const strangerOwner = await batch(t, otherAgency.ownerKey, [
        { op: 'settle', callId, cost: '2.00', subteamId: mine.id },
        { op: 'authorize', callId: newCallId('owner-them'), amount: '1.00', subteamId: mine.id },
      ]);
      expect(statuses(strangerOwner)).toEqual([404, 404]);

      expect(await moneySnapshot(t, agency)).toEqual(snapshot);
      // The call is still the subteam's own, open, and settles for it.
      expect(statuses(await batch(t, mine.key, [{ op: 'settle', callId, cost: '1.00' }]))).toEqual([200]);
    });

    it('lets an owner key act for a subteam by naming subteamId on each operation', async () => {
      const [named, unnamed] = ['named', 'unnamed'].map(newCallId);
      const results = await batch(t, agency.ownerKey, [
        { op: 'authorize', callId: named, amount: '1.00', subteamId: mine.id },
        { op: 'authorize', callId: unnamed, amount: '1.00' },
        { op: 'extend', callId: named, authorizedAmount: '1.20' },
        { op: 'settle', callId: named, cost: '1.10', subteamId: mine.id },
      ]);
      expect(statuses(results)).toEqual([201, 422, 200, 200]);
      expect(results[1].body).toMatchObject({ error: { code: 'validation_error', details: { fields: [{ path: 'subteamId' }] } } });
      const entries = await expectOk(
        clientFor(t, agency.ownerKey).GET('/v1/agencies/{agencyId}/wallet/entries', {
          params: { path: { agencyId: agency.id }, query: { type: 'usage', limit: 1 } },
        }),
        200,
      );
      expect(entries.body.data[0]).toMatchObject({ reference: named, amount: '-1.10', subteamId: mine.id });
      // Naming a subteam the call is not for finds no such call.
      const wrong = await batch(t, agency.ownerKey, [{ op: 'release', callId: named, subteamId: theirs.id }]);
      expect(codeOf(wrong[0])).toBe('not_found');
    });

    it('refuses support and admin keys (403), as the single call routes do', async () => {
      const res = await t.http
        .post('/v1/calls/batch')
        .set(bearer(ADMIN_KEY))
        .send({ operations: [{ op: 'release', callId: 'x' }] });
      expectError(res, 403, 'forbidden');
    });
  });
});

describe('Calls in batches: rate limits and a full queue', () => {
  it('takes one rate-limit token per operation, all or none', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '20' });
    try {
      const agency = await createAgency(t);
      const subteam = await createSubteam(t, agency);
      await fund(t, agency, '10.00');
      const authorizes = (n: number) => Array.from({ length: n }, () => ({ op: 'authorize' as const, callId: newCallId('rate'), amount: '0.10' }));

      expect(statuses(await batch(t, subteam.key, authorizes(15)))).toEqual(Array(15).fill(201));
      const before = await walletOf(t, agency);
      // About five tokens are left (one more a second): a batch of ten is refused whole, and runs nothing.
      const refused = await t.http
        .post('/v1/calls/batch')
        .set(bearer(subteam.key))
        .send({ operations: authorizes(10) });
      expectError(refused, 429, 'rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await walletOf(t, agency)).toEqual(before);
      // …while single requests still fit in what is left.
      await t.http.get('/v1/me').set(bearer(subteam.key)).expect(200);
      await expectLedgerInvariant(t, agency);
    } finally {
      await t.close();
    }
  });

  describe('with a small writer queue and small ledger batches', () => {
    let t: TestApp;
    let agency: Agency;
    let subteam: Subteam;
    beforeAll(async () => {
      t = await startTestApp({ BATCH_MAX_QUEUE: '5', BATCH_MAX_SIZE: '2' });
      agency = await createAgency(t);
      subteam = await createSubteam(t, agency);
      await fund(t, agency, '10.00');
    });
    afterAll(() => t.close());
    afterEach(() => expectLedgerInvariant(t, agency));

    it("answers the whole request 503 overloaded (Retry-After) when the wallet's queue cannot take the batch, and does nothing", async () => {
      const before = await walletOf(t, agency);
      const operations = Array.from({ length: 6 }, () => ({ op: 'authorize' as const, callId: newCallId('queue'), amount: '0.10' }));
      const res = await t.http.post('/v1/calls/batch').set(bearer(subteam.key)).send({ operations });
      expectError(res, 503, 'overloaded');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await walletOf(t, agency)).toEqual(before);
      // Five fit.
      expect(statuses(await batch(t, subteam.key, operations.slice(0, 5)))).toEqual([201, 201, 201, 201, 201]);
    });

    it('keeps a batch larger than BATCH_MAX_SIZE in one ledger batch, so it still applies in order', async () => {
      const [done, live] = ['done', 'live'].map(newCallId);
      const single = clientFor(t, subteam.key);
      await expectOk(single.POST('/v1/calls/authorize', { body: { callId: done, amount: '1.00' } }), 201);
      await expectOk(single.POST('/v1/calls/{callId}/settle', { params: { path: { callId: done } }, body: { cost: '0.10' } }), 200);
      await expectOk(single.POST('/v1/calls/authorize', { body: { callId: live, amount: '1.00' } }), 201);
      // Releasing the settled call needs a read under the wallet's lock; the live call is known to
      // the writer. Cut in two at BATCH_MAX_SIZE, the settle alone would overtake the extend.
      const results = await batch(t, subteam.key, [
        { op: 'release', callId: done },
        { op: 'extend', callId: live, authorizedAmount: '2.00' },
        { op: 'settle', callId: live, cost: '1.50' },
      ]);
      expect(statuses(results)).toEqual([200, 200, 200]);
      expect(results[2].body).toMatchObject({ charged: '1.50', released: '0.50' });
    });
  });
});
