import { Migration } from '@mikro-orm/migrations';

/**
 * Support's powers. Adjustments a support user posts are kept here with their author, so a
 * per-user daily total can be counted and a large one can wait for a second support user's
 * approval (`pending_approval` → `posted` or `rejected`). A resent email is a new outbox row that
 * names the one it repeats. A support user may be an admin of the console.
 */
export class Migration20261202014000_support_powers extends Migration {
  override name = 'Migration20261202014000_support_powers';

  override async up(): Promise<void> {
    this.addSql(`
      create table support_adjustments (
        id uuid primary key,
        seq bigint generated always as identity unique,
        agency_id uuid not null references agencies(id),
        wallet_id uuid not null references wallets(id),
        amount_micros bigint not null check (amount_micros <> 0),
        reason text not null,
        idempotency_key text not null,
        status text not null check (status in ('pending_approval', 'posted', 'rejected')),
        requested_by text not null,
        requested_by_name text,
        decided_by text,
        decided_by_name text,
        decision_reason text,
        ledger_entry_id bigint,
        created_at timestamptz not null default now(),
        decided_at timestamptz,
        unique (agency_id, idempotency_key)
      );
      create index support_adjustments_author_day on support_adjustments (requested_by, created_at);
      create index support_adjustments_pending on support_adjustments (created_at) where status = 'pending_approval';

      alter table notifications add column resend_of uuid references notifications(id);

      -- An admin among the support users manages the others in the console (as do ADMIN_EMAILS).
      alter table support_users add column is_admin boolean not null default false;
    `);
  }
}
