import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { Database, type Tx, sql } from '../../database/database';
import type { Tables } from '../../database/tables';
import type { WalletSchema } from '../../wallet/wallet.entity';
import type { AutoReloadPolicy } from '../evaluation/reload-rules';
import type { AutoReloadPolicySchema } from './auto-reload-policy.entity';

type PolicyTables = Tables<typeof AutoReloadPolicySchema>;
/** The sweep reads the wallets' balances beside the policies (a read; only wallet/ writes them). */
type SweepTables = Tables<typeof AutoReloadPolicySchema | typeof WalletSchema>;
type PolicyRow = Selectable<PolicyTables['auto_reload_policies']>;

/** An agency without a row has the default policy: off, threshold 0, fixed mode, fallback on. */
function toPolicy(agencyId: string, row: PolicyRow | undefined): AutoReloadPolicy {
  return {
    agencyId,
    enabled: row?.enabled ?? false,
    thresholdMicros: row?.threshold_micros ?? 0n,
    mode: row?.mode ?? 'fixed',
    amountMicros: row?.amount_micros ?? null,
    targetBalanceMicros: row?.target_balance_micros ?? null,
    dailyCapMicros: row?.daily_cap_micros ?? null,
    monthlyCapMicros: row?.monthly_cap_micros ?? null,
    fallbackToBackupMethods: row?.fallback_to_backup_methods ?? true,
    consecutiveFailures: row?.consecutive_failures ?? 0,
    suspendedAt: row?.suspended_at ?? null,
    suspendedReason: row?.suspended_reason ?? null,
    lastSkipKey: row?.last_skip_key ?? null,
  };
}

/** Each agency's auto-reload settings and state (failures in a row, suspension, the last skip recorded). */
@Injectable()
export class AutoReloadPoliciesRepository {
  constructor(private readonly db: Database) {}

  private query(tx?: Tx) {
    return this.db.kysely<PolicyTables>(tx);
  }

  async policy(agencyId: string, tx?: Tx): Promise<AutoReloadPolicy> {
    const row = await this.query(tx).selectFrom('auto_reload_policies').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
    return toPolicy(agencyId, row);
  }

  /** The policies of several agencies in one read (an agency without a row has the default one). */
  async policies(agencyIds: string[]): Promise<Map<string, AutoReloadPolicy>> {
    const rows = agencyIds.length
      ? await this.query()
          .selectFrom('auto_reload_policies')
          .selectAll()
          .where('agency_id', '=', (eb) => eb.fn.any(eb.val(agencyIds)))
          .execute()
      : [];
    const found = new Map(rows.map((row) => [row.agency_id, row]));
    return new Map(agencyIds.map((agencyId) => [agencyId, toPolicy(agencyId, found.get(agencyId))]));
  }

  /** Locks the agency's policy row (creating it if needed): evaluations serialize per agency. */
  async lockPolicy(tx: Tx, agencyId: string): Promise<AutoReloadPolicy> {
    await this.query(tx)
      .insertInto('auto_reload_policies')
      .values({ agency_id: agencyId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const row = await this.query(tx).selectFrom('auto_reload_policies').selectAll().where('agency_id', '=', agencyId).forUpdate().executeTakeFirst();
    return toPolicy(agencyId, row);
  }

  async savePolicy(tx: Tx, policy: AutoReloadPolicy): Promise<void> {
    const values = {
      enabled: policy.enabled,
      threshold_micros: policy.thresholdMicros,
      mode: policy.mode,
      amount_micros: policy.amountMicros,
      target_balance_micros: policy.targetBalanceMicros,
      daily_cap_micros: policy.dailyCapMicros,
      monthly_cap_micros: policy.monthlyCapMicros,
      fallback_to_backup_methods: policy.fallbackToBackupMethods,
      consecutive_failures: policy.consecutiveFailures,
      suspended_at: policy.suspendedAt,
      suspended_reason: policy.suspendedReason,
      last_skip_key: policy.lastSkipKey,
      updated_at: sql<Date>`now()`,
    };
    await this.query(tx)
      .insertInto('auto_reload_policies')
      .values({ agency_id: policy.agencyId, ...values })
      .onConflict((conflict) => conflict.column('agency_id').doUpdateSet(values))
      .execute();
  }

  /** Enabled, unsuspended policies whose wallet is below the threshold: what the sweep looks at. */
  async walletsBelowThreshold(limit: number): Promise<{ agencyId: string; walletId: string }[]> {
    const rows = await this.db
      .kysely<SweepTables>()
      .selectFrom('auto_reload_policies as p')
      .innerJoin('wallets as w', 'w.agency_id', 'p.agency_id')
      .select(['p.agency_id', 'w.id as wallet_id'])
      .where('p.enabled', '=', true)
      .where('p.suspended_at', 'is', null)
      .where((eb) => eb(eb('w.balance_micros', '-', eb.ref('w.held_micros')), '<', eb.ref('p.threshold_micros')))
      .limit(limit)
      .execute();
    return rows.map((row) => ({ agencyId: row.agency_id, walletId: row.wallet_id }));
  }
}
