import { Migration } from '@mikro-orm/migrations';

/**
 * What Stripe took back from each reload charge, so refunds and disputes together never take more
 * than was charged: `refunded_micros` (refunds debited) and `disputed_micros` (disputes debited,
 * less what a won dispute gave back), both changed only with the ledger entry that explains them,
 * under the attempt's row lock. Existing rows are filled from the ledger.
 *
 * Reconciliation replays refund and dispute events a webhook never delivered: it remembers how far
 * it read Stripe's event list (`stripe_event_cursors`), and marks the events it applied
 * (`stripe_events.source`). Its findings may name the Stripe object they concern (`reference`), so
 * two different refunds of one charge are two findings.
 */
export class Migration20261201003000_stripe_money_paths extends Migration {
  override name = 'Migration20261201003000_stripe_money_paths';

  override async up(): Promise<void> {
    this.addSql(`
      alter table reload_attempts
        add column refunded_micros bigint not null default 0 check (refunded_micros >= 0),
        add column disputed_micros bigint not null default 0 check (disputed_micros >= 0);

      update reload_attempts a set refunded_micros = coalesce((
          select -sum(e.amount_micros) from ledger_entries e
          where e.wallet_id = a.wallet_id and e.type = 'refund' and e.reference like 'refund:' || a.stripe_charge_id || ':%'), 0)
        where a.stripe_charge_id is not null;
      update reload_attempts a set disputed_micros = coalesce((
          select -sum(e.amount_micros) from ledger_entries e
          where e.wallet_id = a.wallet_id and e.type = 'dispute' and e.description like '% of reload ' || a.stripe_payment_intent_id), 0)
        where a.stripe_payment_intent_id is not null;

      alter table stripe_events add column source text not null default 'webhook' check (source in ('webhook', 'reconciliation'));

      create table stripe_event_cursors (
        name text primary key,
        last_created bigint not null,
        last_event_id text,
        updated_at timestamptz not null default now()
      );

      alter table reconciliation_findings add column reference text;
      drop index reconciliation_findings_once;
      create unique index reconciliation_findings_once on reconciliation_findings (stripe_payment_intent_id, finding, coalesce(reference, ''));
    `);
  }
}
