import { Migration } from '@mikro-orm/migrations';

/**
 * Payment methods, the auto-reload policy, reload attempts (with their Stripe exchanges and
 * decisions), Stripe webhook events received, reconciliation findings and scheduler ticks.
 */
export class Migration20261123000200_payments extends Migration {
  override name = 'Migration20261123000200_payments';

  override async up(): Promise<void> {
    this.addSql(`
      create table payment_methods (
        id uuid primary key,
        agency_id uuid not null references agencies (id),
        stripe_payment_method_id text not null unique,
        type text not null,
        brand text,
        last4 text,
        exp_month integer,
        exp_year integer,
        bank_name text,
        priority integer not null,
        created_at timestamptz not null default now(),
        detached_at timestamptz
      );
      create index payment_methods_agency_idx on payment_methods (agency_id, priority) where detached_at is null;

      create table auto_reload_policies (
        agency_id uuid primary key references agencies (id),
        enabled boolean not null default false,
        threshold_micros bigint not null default 0 check (threshold_micros >= 0),
        mode text not null default 'fixed' check (mode in ('fixed', 'to_target')),
        amount_micros bigint check (amount_micros > 0),
        target_balance_micros bigint check (target_balance_micros > 0),
        daily_cap_micros bigint check (daily_cap_micros > 0),
        monthly_cap_micros bigint check (monthly_cap_micros > 0),
        fallback_to_backup_methods boolean not null default true,
        consecutive_failures integer not null default 0,
        suspended_at timestamptz,
        suspended_reason text,
        -- The last skip recorded (reason and window), so a repeated skip is recorded and mailed once.
        last_skip_key text,
        updated_at timestamptz not null default now()
      );

      create table reload_attempts (
        id uuid primary key,
        seq bigint generated always as identity unique,
        agency_id uuid not null references agencies (id),
        wallet_id uuid not null references wallets (id),
        trigger text not null check (trigger in ('threshold', 'sweep', 'manual', 'support_retry')),
        amount_micros bigint not null check (amount_micros >= 0),
        currency char(3) not null,
        payment_method_id uuid references payment_methods (id),
        status text not null check (status in ('processing', 'pending_clearance', 'succeeded', 'failed', 'requires_action', 'skipped')),
        decline_code text,
        decline_message text,
        skip_reason text,
        stripe_payment_intent_id text unique,
        stripe_charge_id text,
        retry_of uuid references reload_attempts (id),
        fallback_of uuid references reload_attempts (id),
        client_idempotency_key text,
        request_hash text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        completed_at timestamptz,
        unique (agency_id, client_idempotency_key)
      );
      -- At most one automatic reload in flight per wallet, whatever the number of processes.
      create unique index reload_attempts_one_in_flight on reload_attempts (wallet_id)
        where status in ('processing', 'pending_clearance') and trigger <> 'manual';
      create index reload_attempts_agency_idx on reload_attempts (agency_id, seq desc);
      create index reload_attempts_open_idx on reload_attempts (updated_at) where status in ('processing', 'pending_clearance');

      -- Every Stripe exchange and engine decision about an attempt, for support's timeline.
      create table reload_attempt_events (
        id bigint generated always as identity primary key,
        attempt_id uuid not null references reload_attempts (id),
        agency_id uuid not null references agencies (id),
        kind text not null,
        detail jsonb not null,
        created_at timestamptz not null default now()
      );
      create index reload_attempt_events_attempt_idx on reload_attempt_events (attempt_id, id);
      create index reload_attempt_events_agency_idx on reload_attempt_events (agency_id, id);

      create table stripe_events (
        id text primary key,
        type text not null,
        agency_id uuid references agencies (id),
        payload jsonb not null,
        received_at timestamptz not null default now(),
        deliveries integer not null default 1,
        outcome text,
        detail text
      );
      create index stripe_events_agency_idx on stripe_events (agency_id, received_at);

      -- What reconciliation found when it compared Stripe with our attempts, and what it did.
      create table reconciliation_findings (
        id bigint generated always as identity primary key,
        agency_id uuid references agencies (id),
        attempt_id uuid references reload_attempts (id),
        stripe_payment_intent_id text,
        finding text not null,
        action text not null,
        created_at timestamptz not null default now()
      );
      create index reconciliation_findings_agency_idx on reconciliation_findings (agency_id, id);
      create unique index reconciliation_findings_once on reconciliation_findings (stripe_payment_intent_id, finding);

      -- One row per scheduled tick: whichever process inserts it runs the tick, the others skip.
      create table scheduler_runs (
        name text not null,
        tick bigint not null,
        ran_at timestamptz not null default now(),
        primary key (name, tick)
      );
    `);
  }
}
