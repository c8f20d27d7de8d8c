import { Migration } from '@mikro-orm/migrations';

/**
 * Tenants, keys, the wallet, its append-only ledger, call holds, per-subteam spend counters,
 * idempotency records and the audit log.
 */
export class Migration20261123000001_foundation extends Migration {
  override name = 'Migration20261123000001_foundation';

  override async up(): Promise<void> {
    this.addSql(`
      create table agencies (
        id uuid primary key,
        name text not null,
        owner_email text not null,
        billing_emails text[] not null default '{}',
        paused boolean not null default false,
        stripe_customer_id text unique,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index agencies_name_idx on agencies (lower(name));
      create index agencies_owner_email_idx on agencies (lower(owner_email));

      create table subteams (
        id uuid primary key,
        agency_id uuid not null references agencies (id),
        name text not null,
        paused boolean not null default false,
        daily_spend_limit_micros bigint check (daily_spend_limit_micros >= 0),
        monthly_spend_limit_micros bigint check (monthly_spend_limit_micros >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index subteams_agency_idx on subteams (agency_id, created_at);

      create table support_users (
        id uuid primary key,
        email text not null unique,
        created_at timestamptz not null default now()
      );

      create table api_keys (
        id uuid primary key,
        role text not null check (role in ('owner', 'subteam', 'support')),
        agency_id uuid references agencies (id),
        subteam_id uuid references subteams (id),
        support_user_id uuid references support_users (id),
        key_hash text not null unique,
        display_prefix text not null,
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        check ((role = 'owner' and agency_id is not null and subteam_id is null)
            or (role = 'subteam' and agency_id is not null and subteam_id is not null)
            or (role = 'support' and support_user_id is not null and agency_id is null))
      );

      create table wallets (
        id uuid primary key,
        agency_id uuid not null unique references agencies (id),
        currency char(3) not null default 'USD',
        balance_micros bigint not null default 0,
        held_micros bigint not null default 0 check (held_micros >= 0),
        pending_micros bigint not null default 0 check (pending_micros >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );

      create table ledger_entries (
        id bigint generated always as identity primary key,
        wallet_id uuid not null references wallets (id),
        subteam_id uuid references subteams (id),
        type text not null check (type in ('usage', 'reload', 'top_up', 'adjustment', 'refund', 'dispute')),
        amount_micros bigint not null,
        balance_after_micros bigint not null,
        reference text not null,
        description text,
        created_at timestamptz not null default now(),
        unique (wallet_id, type, reference)
      );
      create index ledger_entries_wallet_idx on ledger_entries (wallet_id, id desc);
      create index ledger_entries_subteam_idx on ledger_entries (subteam_id, id desc) where subteam_id is not null;

      create table holds (
        id uuid primary key,
        wallet_id uuid not null references wallets (id),
        subteam_id uuid not null references subteams (id),
        call_id text not null,
        amount_micros bigint not null check (amount_micros > 0),
        status text not null check (status in ('open', 'settled', 'released', 'expired')),
        expires_at timestamptz not null,
        charged_micros bigint,
        released_micros bigint,
        balance_after_micros bigint,
        closed_at timestamptz,
        created_at timestamptz not null default now(),
        unique (wallet_id, call_id)
      );
      create index holds_open_expiry_idx on holds (expires_at) where status = 'open';
      create index holds_open_subteam_idx on holds (subteam_id) where status = 'open';

      create table subteam_daily_spend (
        subteam_id uuid not null references subteams (id),
        day date not null,
        spent_micros bigint not null default 0,
        primary key (subteam_id, day)
      );

      create table idempotency_records (
        scope text not null,
        key text not null,
        request_hash text not null,
        status_code integer,
        response jsonb,
        created_at timestamptz not null default now(),
        primary key (scope, key)
      );
      create index idempotency_records_created_idx on idempotency_records (created_at);

      create table audit_log (
        id bigint generated always as identity primary key,
        actor_role text not null,
        actor_id text not null,
        agency_id uuid,
        action text not null,
        target_type text,
        target_id text,
        before jsonb,
        after jsonb,
        reason text,
        request_id text,
        created_at timestamptz not null default now()
      );
      create index audit_log_agency_idx on audit_log (agency_id, id desc);
      create index audit_log_actor_idx on audit_log (actor_id, id desc);

      -- The ledger and the audit log are append-only: the database refuses to change history.
      create function refuse_history_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
      end $$;
      create trigger ledger_entries_append_only before update or delete or truncate on ledger_entries
        for each statement execute function refuse_history_change();
      create trigger audit_log_append_only before update or delete or truncate on audit_log
        for each statement execute function refuse_history_change();
    `);
  }
}
