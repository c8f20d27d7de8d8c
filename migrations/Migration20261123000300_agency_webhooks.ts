import { Migration } from '@mikro-orm/migrations';

/**
 * The agencies' own webhooks: one endpoint per agency (its URL and signing secret) and an outbox
 * of deliveries, written in the same transaction as the event they announce and sent by the worker.
 */
export class Migration20261123000300_agency_webhooks extends Migration {
  override name = 'Migration20261123000300_agency_webhooks';

  override async up(): Promise<void> {
    this.addSql(`
      create table agency_webhook_endpoints (
        agency_id uuid primary key references agencies (id),
        url text not null check (char_length(url) <= 2000),
        enabled boolean not null,
        -- Kept in the clear: signing needs it, so it cannot be hashed like an API key.
        secret text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );

      create table agency_webhook_deliveries (
        id uuid primary key,
        -- Orders pages and serves as the list cursor; the uuid alone has no order.
        seq bigint generated always as identity unique,
        agency_id uuid not null references agencies (id),
        event_type text not null,
        payload jsonb not null,
        status text not null default 'queued'
          check (status in ('queued', 'sending', 'delivered', 'failed')),
        attempts integer not null default 0,
        last_status_code integer,
        last_error text,
        claimed_at timestamptz,
        created_at timestamptz not null default now(),
        delivered_at timestamptz,
        dedupe_key text unique
      );
      create index agency_webhook_deliveries_agency_idx on agency_webhook_deliveries (agency_id, seq desc);
      create index agency_webhook_deliveries_unsent_idx on agency_webhook_deliveries (created_at)
        where status in ('queued', 'sending');
    `);
  }
}
