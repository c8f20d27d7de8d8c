import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AgenciesService, type Actor } from '../agencies/agencies.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { AutoReloadService } from '../auto-reload/auto-reload.service';
import { localDate } from '../common/time-zones';
import { Database, sql } from '../database/database';
import { formatMoney, parseMoney } from '../database/money';
import { PaymentMethodsService } from '../payments/payment-methods.service';
import type { ImportedHistory } from '../wallet/wallet.types';
import { WalletService } from '../wallet/wallet.service';

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

  const existing = await db.one(
    sql<{ id: string }>`select id from agencies where lower(owner_email) = ${DEMO_OWNER_EMAIL} order by created_at limit 1`,
  );
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
    historyCalls = await writeHistory(app, agencyId, subteams, now, actor);
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
 * A week of settled calls, written by wallet/ as the ledger writer would have written them: an
 * opening adjustment (audited here), then per call a settled hold and its usage entry, and the
 * subteams' daily spend.
 */
async function writeHistory(app: INestApplicationContext, agencyId: string, subteams: { id: string }[], now: Date, actor: Actor): Promise<number> {
  const db = app.get(Database);
  const wallets = app.get(WalletService);
  const random = lcg(0x5eed);
  const walletId = await wallets.walletIdOf(agencyId);
  const wallet = await wallets.walletRow(walletId);
  if (!wallet) throw new Error(`The demo agency ${agencyId} has no wallet`);
  const start = new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000);
  const calls: ImportedHistory['calls'] = [];
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const dayStart = new Date(now.getTime() - daysAgo * 86_400_000);
    for (const [index, subteam] of subteams.entries()) {
      // Busier on weekdays and for the first team; costs from 0.05 to 1.20 per call.
      const weekday = ![0, 6].includes(dayStart.getUTCDay());
      const count = Math.round((weekday ? 18 : 7) * (1 - index * 0.25) + random() * 6);
      for (let n = 0; n < count; n++) {
        const at = new Date(dayStart.getTime() + Math.floor(((n + random()) / count) * 8 * 3_600_000));
        const costMicros = BigInt(Math.round(50_000 + random() * 1_150_000));
        const callId = `demo-${localDate(dayStart, 'UTC')}-${index + 1}-${String(n + 1).padStart(3, '0')}`;
        const closedAt = new Date(at.getTime() + 30_000 + Math.floor(random() * 240_000));
        calls.push({ subteamId: subteam.id, callId, heldMicros: 1_500_000n, costMicros, day: localDate(dayStart, wallet.timeZone), at, closedAt });
      }
    }
  }
  await db.sqlTransaction(async (tx) => {
    await wallets.importHistory(tx, walletId, {
      opening: { amountMicros: OPENING_BALANCE, reference: 'adjustment:seed-opening-balance', description: 'Opening balance (demo seed)', at: start },
      calls,
    });
    await db.rows(
      sql`
      insert into audit_log (actor_role, actor_id, actor_name, agency_id, action, target_type, target_id, after, reason, request_id, created_at)
      values ('admin', 'admin', 'npm run seed', ${agencyId}, 'wallet.adjusted', 'wallet', ${walletId},
              ${JSON.stringify({ amount: formatMoney(OPENING_BALANCE) })}::jsonb, 'Opening balance (demo seed)', ${actor.requestId}, ${start})`,
      tx,
    );
  });
  return calls.length;
}

/** A small deterministic generator, so every seeded database shows the same week. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
