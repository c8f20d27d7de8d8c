import { Migration } from '@mikro-orm/migrations';

/**
 * SMS beside email, who gets what, and subteam limit alerts.
 *
 * - `notifications` becomes the outbox of both channels: a row is one email or one text to one
 *   person (`person_email` names whose preferences and links it carries), `channel` says which,
 *   and an SMS keeps Twilio's message SID and its delivery status from the status callbacks.
 * - `notification_contacts` are people of an agency named by email address (the owner, a billing
 *   contact, later a member): their mobile number, its verification, and nothing else. Members join
 *   by the same key, (agency, lower(email)), without a migration of this table.
 * - `notification_preferences`: the channels a person wants per kind of event; no row = the default.
 * - `sms_opt_outs`: numbers that replied STOP (or that Twilio answers 21610 for), across agencies,
 *   as Twilio blocks them for the whole sending number.
 * - `subteam_limit_alerts`: the share of a subteam's daily or monthly limit that warns, and the
 *   local window (day or month) each alert last fired in, so each fires once per window.
 */
export class Migration20261202010000_sms_and_preferences extends Migration {
  override name = 'Migration20261202010000_sms_and_preferences';

  override async up(): Promise<void> {
    this.addSql(`
      alter table notifications
        add column channel text not null default 'email' check (channel in ('email', 'sms')),
        add column person_email text,
        add column provider_message_id text,
        add column delivery_status text,
        add column delivery_error_code text,
        add column delivery_updated_at timestamptz;
      create unique index notifications_provider_message_idx on notifications (provider_message_id)
        where provider_message_id is not null;

      create table notification_contacts (
        agency_id uuid not null references agencies (id),
        email text not null check (email = lower(email)),
        phone text check (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        phone_verified_at timestamptz,
        verification_code_hash text,
        verification_expires_at timestamptz,
        verification_attempts integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (agency_id, email)
      );
      create index notification_contacts_phone_idx on notification_contacts (phone) where phone is not null;

      create table notification_preferences (
        agency_id uuid not null references agencies (id),
        email text not null check (email = lower(email)),
        kind text not null,
        channels text[] not null check (channels <@ array['email', 'sms']::text[]),
        updated_at timestamptz not null default now(),
        primary key (agency_id, email, kind)
      );

      create table sms_opt_outs (
        phone text primary key,
        source text not null check (source in ('stop_reply', 'provider_error')),
        created_at timestamptz not null default now()
      );

      create table subteam_limit_alerts (
        subteam_id uuid primary key references subteams (id),
        agency_id uuid not null references agencies (id),
        enabled boolean not null default true,
        warn_percent integer not null default 80 check (warn_percent between 1 and 100),
        sms boolean not null default false,
        contact_email text,
        -- The local day (YYYY-MM-DD) or month (YYYY-MM) each alert last fired in.
        daily_warned_window text,
        daily_reached_window text,
        monthly_warned_window text,
        monthly_reached_window text,
        updated_at timestamptz not null default now()
      );
      create index subteam_limit_alerts_agency_idx on subteam_limit_alerts (agency_id);
    `);
  }
}
