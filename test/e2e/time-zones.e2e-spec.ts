import { randomUUID } from 'node:crypto';
import { ReloadAttemptsRepository } from '../../src/auto-reload/attempts/reload-attempts.repository';
import { InsightsService } from '../../src/auto-reload/insights/insights.service';
import { capWindows } from '../../src/auto-reload/evaluation/reload-rules';
import { Database, sql } from '../../src/database/database';
import { parseMoney } from '../../src/database/money';
import type { LedgerOp } from '../../src/wallet/ledger-batch';
import { planLocked } from '../../src/wallet/ledger-plan';
import { LedgerBatchRepository } from '../../src/wallet/ledger-batch.repository';
import { expectError } from '../support/matrix';
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
} from '../support/test-app';

const NY = 'America/New_York';

/**
 * Days and months where the agency lives: its IANA time zone, set by the owner or the admin, and
 * the windows that count in it (spend limits on the call path, the monthly cap, daily figures),
 * checked at the bounds of New York's daylight-saving change days.
 */
describe('Agency time zones', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const patch = (agency: Agency, body: object, key = agency.ownerKey) => t.http.patch(`/v1/agencies/${agency.id}`).set(bearer(key)).send(body);

  describe('on the agency', () => {
    it('is UTC until the owner or the admin sets an IANA name, stored in its canonical spelling, shown in GET and audited', async () => {
      const agency = await createAgency(t);
      const read = async () => (await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body;
      expect((await read()).timeZone).toBe('UTC');

      expect((await patch(agency, { timeZone: 'america/new_york' }).expect(200)).body.timeZone).toBe(NY);
      expect((await read()).timeZone).toBe(NY);
      expect((await patch(agency, { timeZone: 'Europe/Paris' }, ADMIN_KEY).expect(200)).body.timeZone).toBe('Europe/Paris');

      const audit = await t.http.get(`/v1/support/audit-log?agencyId=${agency.id}`).set(bearer(ADMIN_KEY)).expect(200);
      expect(audit.body.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'agency.updated', before: { timeZone: 'UTC' }, after: { timeZone: NY } }),
          expect.objectContaining({ action: 'agency.updated', before: { timeZone: NY }, after: { timeZone: 'Europe/Paris' } }),
        ]),
      );

      const created = await t.http
        .post('/v1/agencies')
        .set(bearer(ADMIN_KEY))
        .send({ name: 'Pacific Leads', ownerEmail: `pacific-${randomUUID()}@agency.test`, timeZone: 'Pacific/Auckland' })
        .expect(201);
      expect(created.body.timeZone).toBe('Pacific/Auckland');
    });

    it('refuses what is not an IANA zone with 422, changing nothing; subteams and support may not set it', async () => {
      const agency = await createAgency(t);
      for (const timeZone of ['+01:00', 'UTC+1', 'Mars/Olympus_Mons', '', 42]) {
        const res = await patch(agency, { timeZone });
        expectError(res, 422, 'validation_error');
        expect(res.body.error.details.fields).toEqual([expect.objectContaining({ path: 'timeZone' })]);
      }
      const subteam = await createSubteam(t, agency);
      expectError(await patch(agency, { timeZone: NY }, subteam.key), 403, 'forbidden');
      const support = await t.http
        .post('/v1/support-users')
        .set(bearer(ADMIN_KEY))
        .send({ email: `tz-${randomUUID()}@support.test` })
        .expect(201);
      expectError(await patch(agency, { timeZone: NY }, support.body.apiKey), 403, 'forbidden');
      expect((await t.http.get(`/v1/agencies/${agency.id}`).set(bearer(agency.ownerKey)).expect(200)).body.timeZone).toBe('UTC');
    });
  });

  describe('on the call path', () => {
    // Kiritimati (UTC+14) and Etc/GMT+12 (UTC-12) are 26 hours apart: their dates always differ.
    it("counts a subteam's daily limit in the agency's local day, and a change of zone reaches the writer at once", async () => {
      const agency = await createAgency(t, { timeZone: 'Pacific/Kiritimati' });
      const subteam = await createSubteam(t, agency, { dailySpendLimit: '10.00' });
      await fund(t, agency, '100.00');
      const authorize = (callId: string, amount: string) => t.http.post('/v1/calls/authorize').set(bearer(subteam.key)).send({ callId, amount });

      await authorize('tz-1', '10.00').expect(201);
      await t.http.post('/v1/calls/tz-1/settle').set(bearer(subteam.key)).send({ cost: '10.00' }).expect(200);
      // Warm the writer's known state: the next refusal is decided without a read.
      const refused = await authorize('tz-2', '0.01');
      expectError(refused, 402, 'spend_limit_exceeded');
      expect(refused.body.error.details).toMatchObject({ window: 'daily', spent: '10.00' });
      const kiritimatiDay = (await t.http.get('/v1/subteams/me/usage').set(bearer(subteam.key)).expect(200)).body;
      expect(kiritimatiDay).toMatchObject({ timeZone: 'Pacific/Kiritimati', total: '10.00' });
      expect(kiritimatiDay.days).toEqual([{ date: kiritimatiDay.to, spent: '10.00' }]);

      await patch(agency, { timeZone: 'Etc/GMT+12' }).expect(200);
      await authorize('tz-3', '9.00').expect(201);
      expectError(await authorize('tz-4', '1.01'), 402, 'spend_limit_exceeded');

      const otherDay = (await t.http.get('/v1/subteams/me/usage').set(bearer(subteam.key)).expect(200)).body;
      expect(otherDay).toMatchObject({ timeZone: 'Etc/GMT+12', total: '0.00', days: [] });
      expect(otherDay.to < kiritimatiDay.to).toBe(true);
      await expectLedgerInvariant(t, agency);
    });

    describe('at the bounds of New York days, daylight-saving change days included (the batch clock set)', () => {
      let agency: Agency;
      let subteam: Subteam;
      const debit = async (at: string, amount: string) => {
        const op: LedgerOp = {
          kind: 'debit',
          subteamId: subteam.id,
          reference: `dst-${randomUUID()}`,
          amountMicros: parseMoney(amount),
          description: at,
        };
        const written = await t.app
          .get(LedgerBatchRepository)
          .applyLocked(
            new Map([[agency.walletId, [op]]]),
            (state, ops, readVersion) => planLocked(state, ops, readVersion, randomUUID),
            new Date(at),
          );
        const [outcome] = written.get(agency.walletId)!.result.outcomes;
        return outcome.ok ? 'ok' : `${outcome.error.code} (${(outcome.error.details as { window?: string }).window})`;
      };

      beforeAll(async () => {
        agency = await createAgency(t, { timeZone: NY });
        subteam = await createSubteam(t, agency, { dailySpendLimit: '10.00', monthlySpendLimit: '25.00' });
        await fund(t, agency, '1000.00');
      });

      it('turns the day at local midnight on the 23-hour March change day', async () => {
        expect(await debit('2026-03-08T04:59:00Z', '10.00')).toBe('ok'); // 23:59 on March 7
        expect(await debit('2026-03-08T05:00:00Z', '10.00')).toBe('ok'); // 00:00 on March 8
        expect(await debit('2026-03-09T03:59:59Z', '0.01')).toBe('spend_limit_exceeded (daily)'); // 23:59:59 on March 8, daylight time
        expect(await debit('2026-03-09T04:00:00Z', '5.00')).toBe('ok'); // 00:00 on March 9
        // March so far: 10 + 10 + 5; the 1st of the month counted from its own local midnight.
        expect(await debit('2026-03-09T04:00:01Z', '0.01')).toBe('spend_limit_exceeded (monthly)');
      });

      it('turns the day, and the month, at local midnight on the 25-hour November change day', async () => {
        expect(await debit('2026-11-01T03:30:00Z', '10.00')).toBe('ok'); // 23:30 on October 31, daylight time
        expect(await debit('2026-11-01T03:59:59Z', '0.01')).toBe('spend_limit_exceeded (daily)');
        expect(await debit('2026-11-01T04:00:00Z', '10.00')).toBe('ok'); // 00:00 on November 1: a new day and month
        expect(await debit('2026-11-02T04:59:59Z', '0.01')).toBe('spend_limit_exceeded (daily)'); // 23:59:59, standard time
        expect(await debit('2026-11-02T05:00:00Z', '10.00')).toBe('ok'); // November 2
        // October 31 does not count in November: 20 of 25 spent, then 25.
        expect(await debit('2026-11-03T05:00:00Z', '5.00')).toBe('ok');
        expect(await debit('2026-11-03T05:00:01Z', '0.01')).toBe('spend_limit_exceeded (monthly)');
      });

      it('reports usage per local day and averages spend over local days', async () => {
        const usage = await t.http.get('/v1/subteams/me/usage?from=2026-03-07&to=2026-11-03').set(bearer(subteam.key)).expect(200);
        expect(usage.body.days).toEqual([
          { date: '2026-03-07', spent: '10.00' },
          { date: '2026-03-08', spent: '10.00' },
          { date: '2026-03-09', spent: '5.00' },
          { date: '2026-10-31', spent: '10.00' },
          { date: '2026-11-01', spent: '10.00' },
          { date: '2026-11-02', spent: '10.00' },
          { date: '2026-11-03', spent: '5.00' },
        ]);
        // At 23:30 on November 1 (04:30 UTC on the 2nd): the last 7 local days are October 26 to November 1.
        const insights = await t.app.get(InsightsService).insights(agency.id, new Date('2026-11-02T04:30:00Z'));
        expect(insights.avgDailySpend7d).toBe('2.857142'); // 20.00 / 7
        await expectLedgerInvariant(t, agency);
      });

      it('counts the monthly auto-reload cap from local midnight on the 1st', async () => {
        const repository = t.app.get(ReloadAttemptsRepository);
        const db = t.app.get(Database);
        const reloadAt = async (at: string, amount: string) => {
          const attempt = await db.transaction((tx) =>
            repository.insertAttempt(tx, {
              agencyId: agency.id,
              walletId: agency.walletId,
              trigger: 'threshold',
              amountMicros: parseMoney(amount),
              currency: 'USD',
              paymentMethodId: null,
              status: 'succeeded',
            }),
          );
          await db.rows(sql`update reload_attempts set created_at = ${new Date(at)} where id = ${attempt.id}`);
        };
        const totals = (at: string) => repository.reloadedTotals(agency.walletId, capWindows(new Date(at), NY));

        await reloadAt('2026-11-01T03:30:00Z', '100.00'); // 23:30 on October 31
        expect(await totals('2026-11-01T03:45:00Z')).toEqual({
          last24hMicros: parseMoney('100.00'),
          last24hCount: 1,
          thisMonthMicros: parseMoney('100.00'),
        });
        await reloadAt('2026-11-01T04:10:00Z', '40.00'); // 00:10 on November 1
        expect(await totals('2026-11-01T04:30:00Z')).toEqual({
          last24hMicros: parseMoney('140.00'),
          last24hCount: 2,
          thisMonthMicros: parseMoney('40.00'),
        });
        // 23:00 on November 1, standard time: 24 hours back is 00:00 daylight time, after October's reload.
        expect(await totals('2026-11-02T04:00:00Z')).toEqual({
          last24hMicros: parseMoney('40.00'),
          last24hCount: 1,
          thisMonthMicros: parseMoney('40.00'),
        });
      });
    });
  });
});
