import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { AutoReloadService } from '../auto-reload/auto-reload.service';
import { localDate } from '../common/time-zones';
import { Database, sql } from '../database/database';
import { formatMoney, parseMoney, type Micros } from '../database/money';
import { PaymentMethodsService } from '../payments/payment-methods.service';

export const DEMO_OWNER_EMAIL = 'owner@demo-agency.test';
const DEMO_NAME = 'Demo Agency';
const SUBTEAMS = ['Inbound sales', 'Renewals', 'Claims hotline'];
const OPENING_BALANCE = parseMoney('600.00');
const HISTORY_DAYS = 7;

export interface DemoSeed {
  created: boolean;
  agencyId: string;
  ownerKey: string;
  subteams: { id: string; name: string; key: string }[];
  /** Settled calls in the week of history (inserted on the first run only). */
  historyCalls: number;
  consolePath: string;
}

/**
 * `npm run seed`: a demo agency to look around with — three subteams, a sandbox card, auto-reload
 * on, and a week of settled calls for the charts and insights. Run again, it finds the agency
 * (by its owner email), adds nothing twice, and issues fresh keys to print (keys are stored only
 * as hashes, so the earlier ones cannot be shown again; they keep working).
 */
export async function seedDemo(app: INestApplicationContext, now = new Date()): Promise<DemoSeed> {
  const db = app.get(Database);
  const agencies = app.get(AgenciesService);
  const apiKeys = app.get(ApiKeysService);
  const actor: Actor = { principal: { role: 'admin', id: 'admin', name: 'npm run seed' }, requestId: `seed-${randomUUID()}` };

  const existing = await db.one(sql<{ id: string }>`select id from agencies where lower(owner_email) = ${DEMO_OWNER_EMAIL} order by created_at limit 1`);
  let agencyId: string;
  let ownerKey: string;
  const subteams: DemoSeed['subteams'] = [];
  let historyCalls = 0;
  if (!existing) {
    const agency = await agencies.createAgency(actor, { name: DEMO_NAME, ownerEmail: DEMO_OWNER_EMAIL, currency: 'USD' });
    agencyId = agency.id;
    ownerKey = agency.apiKey;
    for (const name of SUBTEAMS) {
      const subteam = await agencies.createSubteam(actor, agencyId, { name, dailySpendLimit: parseMoney('150.00') });
      subteams.push({ id: subteam.id, name, key: subteam.apiKey });
    }
    historyCalls = await writeHistory(db, agencyId, subteams, now, actor);
  } else {
    agencyId = existing.id;
    ownerKey = (await apiKeys.create(actor, agencyId, { name: 'Seed owner key', scope: 'owner' })).apiKey;
    for (const subteam of (await agencies.listSubteams(agencyId)).data) {
      const key = await apiKeys.create(actor, agencyId, { name: `Seed key: ${subteam.name}`, scope: 'subteam', subteamId: subteam.id });
      subteams.push({ id: subteam.id, name: subteam.name, key: key.apiKey });
    }
  }

  const methods = app.get(PaymentMethodsService);
  if ((await methods.list(agencyId)).data.length === 0) await methods.add(actor, agencyId, 'pm_card_visa');
  await app.get(AutoReloadService).savePolicy(actor, agencyId, {
    enabled: true,
    thresholdMicros: parseMoney('100.00'),
    mode: 'fixed',
    amountMicros: parseMoney('250.00'),
    dailyCapMicros: parseMoney('1000.00'),
  });
  return { created: !existing, agencyId, ownerKey, subteams, historyCalls, consolePath: `/billing/${agencyId}` };
}

/**
 * A week of settled calls written as the ledger writer would have written them: an opening
 * adjustment (audited), then per call a settled hold, its usage entry with the running balance,
 * and the subteam's daily spend; the wallet's balance moves by the same total, so the ledger's
 * invariant (balance = Σ entries, held = Σ open holds) holds.
 */
async function writeHistory(db: Database, agencyId: string, subteams: { id: string }[], now: Date, actor: Actor): Promise<number> {
  const random = lcg(0x5eed);
  return db.sqlTransaction(async (tx) => {
    const wallet = await db.one(sql<{ id: string; time_zone: string }>`
      select w.id, a.time_zone from wallets w join agencies a on a.id = w.agency_id where w.agency_id = ${agencyId} for update of w`, tx);
    const walletId = wallet!.id;
    const start = new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000);
    let balance: Micros = OPENING_BALANCE;
    await db.rows(sql`
      insert into ledger_entries (wallet_id, type, amount_micros, balance_after_micros, reference, description, created_at)
      values (${walletId}, 'adjustment', ${OPENING_BALANCE}, ${balance}, 'adjustment:seed-opening-balance', 'Opening balance (demo seed)', ${start})`, tx);
    await db.rows(sql`
      insert into audit_log (actor_role, actor_id, actor_name, agency_id, action, target_type, target_id, after, reason, request_id, created_at)
      values ('admin', 'admin', 'npm run seed', ${agencyId}, 'wallet.adjusted', 'wallet', ${walletId},
              ${JSON.stringify({ amount: formatMoney(OPENING_BALANCE) })}::jsonb, 'Opening balance (demo seed)', ${actor.requestId}, ${start})`, tx);

    let calls = 0;
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
      const dayStart = new Date(now.getTime() - daysAgo * 86_400_000);
      for (const [index, subteam] of subteams.entries()) {
        // Busier on weekdays and for the first team; costs from 0.05 to 1.20 per call.
        const weekday = ![0, 6].includes(dayStart.getUTCDay());
        const count = Math.round((weekday ? 18 : 7) * (1 - index * 0.25) + random() * 6);
        let spent = 0n;
        for (let n = 0; n < count; n++) {
          const at = new Date(dayStart.getTime() + Math.floor(((n + random()) / count) * 8 * 3_600_000));
          const cost = BigInt(Math.round(50_000 + random() * 1_150_000));
          const held = 1_500_000n;
          balance -= cost;
          spent += cost;
          calls++;
          const callId = `demo-${localDate(at, 'UTC')}-${index + 1}-${String(n + 1).padStart(3, '0')}`;
          const closed = new Date(at.getTime() + 30_000 + Math.floor(random() * 240_000));
          await db.rows(sql`
            insert into holds (id, wallet_id, subteam_id, call_id, amount_micros, initial_amount_micros, status, expires_at,
                               charged_micros, released_micros, balance_after_micros, closed_at, created_at)
            values (${randomUUID()}, ${walletId}, ${subteam.id}, ${callId}, ${held}, ${held}, 'settled', ${new Date(at.getTime() + 7_200_000)},
                    ${cost}, ${held - cost}, ${balance}, ${closed}, ${at})`, tx);
          await db.rows(sql`
            insert into ledger_entries (wallet_id, subteam_id, type, source, amount_micros, balance_after_micros, reference, created_at)
            values (${walletId}, ${subteam.id}, 'usage', 'call', ${-cost}, ${balance}, ${callId}, ${closed})`, tx);
        }
        await db.rows(sql`
          insert into subteam_daily_spend (subteam_id, day, spent_micros)
          values (${subteam.id}, ${localDate(dayStart, wallet!.time_zone)}::date, ${spent})
          on conflict (subteam_id, day) do update set spent_micros = subteam_daily_spend.spent_micros + excluded.spent_micros`, tx);
      }
    }
    await db.rows(sql`update wallets set balance_micros = balance_micros + ${balance}, updated_at = now() where id = ${walletId}`, tx);
    return calls;
  });
}

/** A small deterministic generator, so every seeded database shows the same week. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}


