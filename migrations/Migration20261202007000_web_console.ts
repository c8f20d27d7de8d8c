import { Migration } from '@mikro-orm/migrations';

/**
 * The web console: one-time sign-in links, browser sessions, and the people an owner invites.
 * Tokens and session ids are kept as SHA-256 hashes only, so a copy of the database opens no
 * session. A sign-in email belongs to a person rather than to one agency (a support user has
 * none), so a notification's agency becomes optional.
 */
export class Migration20261202007000_web_console extends Migration {
  override name = 'Migration20261202007000_web_console';

  override async up(): Promise<void> {
    this.addSql(`
      alter table notifications alter column agency_id drop not null;

      create table console_members (
        id uuid primary key,
        agency_id uuid not null references agencies (id),
        email text not null,
        role text not null check (role in ('owner', 'viewer')),
        invited_by text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index console_members_agency_email_idx on console_members (agency_id, lower(email));
      create index console_members_email_idx on console_members (lower(email));

      create table sign_in_tokens (
        token_hash text primary key,
        email text not null,
        -- Where the person was going when asked to sign in (a path on this service).
        next_path text,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz
      );
      create index sign_in_tokens_expires_idx on sign_in_tokens (expires_at);

      create table web_sessions (
        id_hash text primary key,
        email text not null,
        csrf_token text not null,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        expires_at timestamptz not null,
        ended_at timestamptz
      );
      create index web_sessions_expires_idx on web_sessions (expires_at);
    `);
  }
}
