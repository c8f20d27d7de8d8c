import { Injectable } from '@nestjs/common';
import { type Actor, AgenciesService } from '../../agencies/agencies.service';
import { LowBalanceAlertService } from '../../alerts/low-balance-alert.service';
import { AutoReloadService } from '../../auto-reload/auto-reload.service';
import type { AgencySchema, SubteamSchema } from '../../agencies/agency.entity';
import type { SubteamDailySpendSchema } from '../../wallet/wallet.entity';
import { Database, sql } from '../../database/database';
import { type Micros, formatMoney } from '../../database/money';
import type { Tables } from '../../database/tables';
import { PaymentMethodsService } from '../../payments/payment-methods.service';
import { WalletService } from '../../wallet/wallet.service';
import { dryRunSentence, SupportService } from '../support.service';
import { TIMELINE_KINDS, type TimelineKind } from '../timeline.repository';
import { TimelineService } from '../timeline.service';

export const TIMELINE_PAGE = 25;

type SubteamSpendTables = Tables<typeof SubteamSchema | typeof AgencySchema | typeof SubteamDailySpendSchema>;

const KIND_LABELS: Record<TimelineKind, string> = {
  ledger_entry: 'Ledger entries',
  hold_opened: 'Holds opened',
  hold_closed: 'Holds closed',
  reload_attempt: 'Reload attempts',
  reload_event: 'Reload steps (Stripe requests and answers)',
  notification: 'Emails',
  settings_change: 'Changes (audit)',
  stripe_webhook: 'Stripe webhooks',
  reconciliation: 'Reconciliation',
};

/**
 * What the support console's agency page shows, read through the same services as the API: the
 * wallet, settings, payment methods, subteams against their limits, "why not?" and the timeline.
 * The page view is audited once (`support.agency_viewed`).
 */
@Injectable()
export class SupportPagesService {
  constructor(
    private readonly db: Database,
    private readonly agencies: AgenciesService,
    private readonly wallets: WalletService,
    private readonly autoReload: AutoReloadService,
    private readonly alerts: LowBalanceAlertService,
    private readonly methods: PaymentMethodsService,
    private readonly timelines: TimelineService,
    private readonly support: SupportService,
  ) {}

  async agencyPage(actor: Actor, agencyId: string, query: { kinds?: TimelineKind[]; cursor?: string }) {
    const agency = await this.agencies.getAgency(agencyId);
    const [wallet, policy, alert, methods, subteams, dryRun, timeline] = await Promise.all([
      this.wallets.getWallet(agencyId),
      this.autoReload.getPolicy(agencyId),
      this.alerts.getSettings(agencyId),
      this.methods.list(agencyId),
      this.subteams(agencyId),
      this.autoReload.dryRun(agencyId),
      this.timelines.timeline(actor, agencyId, { limit: TIMELINE_PAGE, cursor: query.cursor, kinds: query.kinds }, { audited: false }),
    ]);
    await this.support.recordRead(actor, agencyId, 'support.agency_viewed', { kinds: query.kinds ?? 'all', cursor: query.cursor ?? null });
    const { row: _row, ...figures } = wallet;
    return {
      subject: agency,
      wallet: figures,
      policy,
      alert,
      methods: methods.data.map((method) => ({
        label: method.brand ?? method.bankName ?? method.type,
        last4: method.last4,
        expiry: method.expMonth && method.expYear ? `${String(method.expMonth).padStart(2, '0')}/${method.expYear}` : null,
        priority: method.priority,
      })),
      subteams,
      whyNot: dryRunSentence(dryRun),
      wouldReload: dryRun.wouldReload,
      timeline: timeline.data.map((row) => ({
        ...row,
        kindLabel: KIND_LABELS[row.kind],
        payload: JSON.stringify(row.data, null, 2),
        retryable: row.kind === 'reload_attempt' && (row.data.status === 'failed' || row.data.status === 'requires_action'),
        resendable: row.kind === 'notification',
      })),
      nextCursor: timeline.nextCursor,
      kinds: TIMELINE_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind], checked: query.kinds?.includes(kind) ?? false })),
      kindsQuery: query.kinds?.length ? `&kinds=${query.kinds.join(',')}` : '',
    };
  }

  /** Subteams with what they spent today and this month (the agency's local days) against their limits. */
  private async subteams(agencyId: string) {
    // The agency's calendar day now; `now()` is the transaction's one moment, however often it is read.
    const today = sql<string>`(now() at time zone a.time_zone)::date`;
    const rows = await this.db
      .kysely<SubteamSpendTables>()
      .selectFrom('subteams as s')
      .innerJoin('agencies as a', 'a.id', 's.agency_id')
      .leftJoin('subteam_daily_spend as d', (join) =>
        join.onRef('d.subteam_id', '=', 's.id').on('d.day', '>=', sql<string>`date_trunc('month', ${today})::date`),
      )
      .select([
        's.id',
        's.name',
        's.paused',
        's.daily_spend_limit_micros',
        's.monthly_spend_limit_micros',
        sql<Micros>`coalesce(sum(d.spent_micros) filter (where d.day = ${today}), 0)::bigint`.as('spent_today'),
        sql<Micros>`coalesce(sum(d.spent_micros), 0)::bigint`.as('spent_month'),
      ])
      .where('s.agency_id', '=', agencyId)
      .groupBy(['s.id', 'a.id'])
      .orderBy(sql`lower(s.name)`)
      .orderBy('s.id')
      .execute();
    const money = (value: Micros | null) => (value === null ? null : formatMoney(value));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      paused: row.paused,
      spentToday: money(row.spent_today),
      dailyLimit: money(row.daily_spend_limit_micros),
      spentThisMonth: money(row.spent_month),
      monthlyLimit: money(row.monthly_spend_limit_micros),
    }));
  }
}
