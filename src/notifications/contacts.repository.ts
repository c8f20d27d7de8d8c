import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import { toDate } from '../database/values';
import type { Channel, NotificationKind } from './notification-kinds';

export interface ContactRow {
  email: string;
  phone: string | null;
  phoneVerifiedAt: Date | null;
  optedOut: boolean;
}

export interface PendingVerification {
  phone: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
}

type RawContact = {
  email: string;
  phone: string | null;
  phone_verified_at: Date | string | null;
  opted_out: boolean;
};

const toContact = (row: RawContact): ContactRow => ({
  email: row.email,
  phone: row.phone,
  phoneVerifiedAt: row.phone_verified_at === null ? null : toDate(row.phone_verified_at),
  optedOut: row.opted_out,
});

/**
 * People's mobile numbers and notification preferences, keyed by (agency, lower-case email): the
 * owner and billing contacts today, members when they exist. Opt-outs are per number, across agencies.
 */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: Database) {}

  async findContacts(agencyId: string, tx?: Tx): Promise<ContactRow[]> {
    const rows = await this.db.rows(
      sql<RawContact>`
        select c.email, c.phone, c.phone_verified_at, (o.phone is not null) as opted_out
        from notification_contacts c left join sms_opt_outs o on o.phone = c.phone
        where c.agency_id = ${agencyId}`,
      tx,
    );
    return rows.map(toContact);
  }

  async findPreferences(agencyId: string, tx?: Tx): Promise<{ email: string; kind: NotificationKind; channels: Channel[] }[]> {
    return this.db.rows(
      sql<{ email: string; kind: NotificationKind; channels: Channel[] }>`
        select email, kind, channels from notification_preferences where agency_id = ${agencyId}`,
      tx,
    );
  }

  async savePreference(tx: Tx, agencyId: string, email: string, kind: NotificationKind, channels: Channel[]): Promise<void> {
    await this.db.rows(
      sql`
        insert into notification_preferences (agency_id, email, kind, channels)
        values (${agencyId}, ${email}, ${kind}, ${channels}::text[])
        on conflict (agency_id, email, kind) do update set channels = excluded.channels, updated_at = now()`,
      tx,
    );
  }

  /** Starts (or restarts) a verification: the number is stored unverified with a fresh code. */
  async startVerification(tx: Tx, agencyId: string, email: string, phone: string, codeHash: string, ttlSeconds: number): Promise<void> {
    await this.db.rows(
      sql`
        insert into notification_contacts as c (agency_id, email, phone, verification_code_hash, verification_expires_at)
        values (${agencyId}, ${email}, ${phone}, ${codeHash}, now() + make_interval(secs => ${ttlSeconds}))
        on conflict (agency_id, email) do update set
          phone = excluded.phone,
          phone_verified_at = case when c.phone = excluded.phone then c.phone_verified_at else null end,
          verification_code_hash = excluded.verification_code_hash,
          verification_expires_at = excluded.verification_expires_at,
          verification_attempts = 0,
          updated_at = now()`,
      tx,
    );
  }

  /** Locks the person's row for a verification attempt. */
  async lockPending(tx: Tx, agencyId: string, email: string): Promise<(PendingVerification & { verified: boolean }) | undefined> {
    const row = await this.db.one(
      sql<{ phone: string | null; verification_code_hash: string | null; verification_expires_at: Date | string | null; verification_attempts: number; verified: boolean }>`
        select phone, verification_code_hash, verification_expires_at, verification_attempts, phone_verified_at is not null as verified
        from notification_contacts where agency_id = ${agencyId} and email = ${email} for update`,
      tx,
    );
    if (!row?.phone || !row.verification_code_hash || !row.verification_expires_at) return undefined;
    return {
      phone: row.phone,
      codeHash: row.verification_code_hash,
      expiresAt: toDate(row.verification_expires_at),
      attempts: row.verification_attempts,
      verified: row.verified,
    };
  }

  async countAttempt(tx: Tx, agencyId: string, email: string): Promise<void> {
    await this.db.rows(
      sql`update notification_contacts set verification_attempts = verification_attempts + 1, updated_at = now()
          where agency_id = ${agencyId} and email = ${email}`,
      tx,
    );
  }

  async markVerified(tx: Tx, agencyId: string, email: string): Promise<void> {
    await this.db.rows(
      sql`update notification_contacts set phone_verified_at = now(), verification_code_hash = null,
            verification_expires_at = null, verification_attempts = 0, updated_at = now()
          where agency_id = ${agencyId} and email = ${email}`,
      tx,
    );
  }

  async removePhone(tx: Tx, agencyId: string, email: string): Promise<boolean> {
    const rows = await this.db.rows(
      sql`update notification_contacts set phone = null, phone_verified_at = null, verification_code_hash = null,
            verification_expires_at = null, verification_attempts = 0, updated_at = now()
          where agency_id = ${agencyId} and email = ${email} and phone is not null returning 1`,
      tx,
    );
    return rows.length > 0;
  }

  /** STOP: the number receives nothing more from any agency until START. */
  async optOut(phone: string, source: 'stop_reply' | 'provider_error'): Promise<boolean> {
    const rows = await this.db.rows(sql`
      insert into sms_opt_outs (phone, source) values (${phone}, ${source}) on conflict (phone) do nothing returning 1`);
    return rows.length > 0;
  }

  async optIn(phone: string): Promise<boolean> {
    const rows = await this.db.rows(sql`delete from sms_opt_outs where phone = ${phone} returning 1`);
    return rows.length > 0;
  }

  async isOptedOut(phone: string): Promise<boolean> {
    return (await this.db.one(sql<{ x: number }>`select 1 as x from sms_opt_outs where phone = ${phone}`)) !== undefined;
  }
}
