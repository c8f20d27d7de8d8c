import { Migration } from '@mikro-orm/migrations';

/**
 * The owner-email outbox (one row per email, written in the same transaction as the event that
 * causes it) and the low-balance alert settings with their once-per-crossing state.
 */
export class Migration20261123000100_notifications extends Migration {
  override name = 'Migration20261123000100_notifications';

  override async up(): Promise<void> {
    this.addSql(`
      create table notifications (
        id uuid primary key,
        -- Orders pages and serves as the list cursor; the uuid alone has no order.
        seq bigint generated always as identity unique,
        agency_id uuid not null references agencies (id),
        template text not null,
        recipients text[] not null,
        subject text not null,
        data jsonb not null,
        dedupe_key text unique,
        status text not null default 'queued'
          check (status in ('queued', 'sending', 'sent', 'failed', 'skipped')),
        attempts integer not null default 0,
        last_error text,
        message_id text,
        claimed_at timestamptz,
        -- Set when a send that a stopped worker left unfinished was resent: that happens once only.
        resumed boolean not null default false,
        created_at timestamptz not null default now(),
        sent_at timestamptz
      );
      create index notifications_agency_idx on notifications (agency_id, seq desc);
      create index notifications_unsent_idx on notifications (created_at) where status in ('queued', 'sending');

      create table low_balance_alerts (
        agency_id uuid primary key references agencies (id),
        enabled boolean not null default false,
        threshold_micros bigint not null default 0 check (threshold_micros >= 0),
        armed boolean not null default true,
        depleted_notified boolean not null default false,
        -- Counters that name each crossing and each depletion in the notifications' dedupe keys.
        crossings integer not null default 0,
        depletions integer not null default 0,
        updated_at timestamptz not null default now()
      );
    `);
  }
}
