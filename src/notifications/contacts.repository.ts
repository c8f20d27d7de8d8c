import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { NotificationContactSchema, NotificationPreferenceSchema, SmsOptOutSchema } from './contact.entity';
import type { Channel, NotificationKind } from './notification-kinds';

type ContactTables = Tables<typeof NotificationContactSchema | typeof NotificationPreferenceSchema | typeof SmsOptOutSchema>;

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

/**
 * People's mobile numbers and notification preferences, keyed by (agency, lower-case email): the
 * owner and billing contacts today, members when they exist. Opt-outs are per number, across agencies.
 */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: Database) {}

  async findContacts(agencyId: string, tx?: Tx): Promise<ContactRow[]> {
    return this.db
      .kysely<ContactTables>(tx)
      .selectFrom('notification_contacts as c')
      .leftJoin('sms_opt_outs as o', 'o.phone', 'c.phone')
      .select((eb) => [
        'c.email',
        'c.phone',
        'c.phone_verified_at as phoneVerifiedAt',
        eb('o.phone', 'is not', null).$castTo<boolean>().as('optedOut'),
      ])
      .where('c.agency_id', '=', agencyId)
      .execute();
  }

  async findPreferences(agencyId: string, tx?: Tx): Promise<{ email: string; kind: NotificationKind; channels: Channel[] }[]> {
    return this.db
      .kysely<ContactTables>(tx)
      .selectFrom('notification_preferences')
      .select(['email', 'kind', 'channels'])
      .where('agency_id', '=', agencyId)
      .execute();
  }

  async savePreference(tx: Tx, agencyId: string, email: string, kind: NotificationKind, channels: Channel[]): Promise<void> {
    await this.db
      .kysely<ContactTables>(tx)
      .insertInto('notification_preferences')
      .values({ agency_id: agencyId, email, kind, channels })
      .onConflict((conflict) =>
        conflict
          .columns(['agency_id', 'email', 'kind'])
          .doUpdateSet((eb) => ({ channels: eb.ref('excluded.channels'), updated_at: sql<Date>`now()` })),
      )
      .execute();
  }

  /** Starts (or restarts) a verification: the number is stored unverified with a fresh code. */
  async startVerification(tx: Tx, agencyId: string, email: string, phone: string, codeHash: string, ttlSeconds: number): Promise<void> {
    await this.db
      .kysely<ContactTables>(tx)
      .insertInto('notification_contacts')
      .values({
        agency_id: agencyId,
        email,
        phone,
        verification_code_hash: codeHash,
        verification_expires_at: sql<Date>`now() + make_interval(secs => ${ttlSeconds})`,
      })
      .onConflict((conflict) =>
        conflict.columns(['agency_id', 'email']).doUpdateSet((eb) => ({
          phone: eb.ref('excluded.phone'),
          // A new number is unverified; the same number keeps its verification.
          phone_verified_at: eb
            .case()
            .when('notification_contacts.phone', '=', eb.ref('excluded.phone'))
            .then(eb.ref('notification_contacts.phone_verified_at'))
            .else(null)
            .end(),
          verification_code_hash: eb.ref('excluded.verification_code_hash'),
          verification_expires_at: eb.ref('excluded.verification_expires_at'),
          verification_attempts: 0,
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }

  /** Locks the person's row for a verification attempt. */
  async lockPending(tx: Tx, agencyId: string, email: string): Promise<(PendingVerification & { verified: boolean }) | undefined> {
    const row = await this.db
      .kysely<ContactTables>(tx)
      .selectFrom('notification_contacts')
      .select(['phone', 'verification_code_hash', 'verification_expires_at', 'verification_attempts', 'phone_verified_at'])
      .where('agency_id', '=', agencyId)
      .where('email', '=', email)
      .forUpdate()
      .executeTakeFirst();
    if (!row?.phone || !row.verification_code_hash || !row.verification_expires_at) return undefined;
    return {
      phone: row.phone,
      codeHash: row.verification_code_hash,
      expiresAt: row.verification_expires_at,
      attempts: row.verification_attempts,
      verified: row.phone_verified_at !== null,
    };
  }

  async countAttempt(tx: Tx, agencyId: string, email: string): Promise<void> {
    await this.db
      .kysely<ContactTables>(tx)
      .updateTable('notification_contacts')
      .set((eb) => ({ verification_attempts: eb('verification_attempts', '+', 1), updated_at: sql<Date>`now()` }))
      .where('agency_id', '=', agencyId)
      .where('email', '=', email)
      .execute();
  }

  async markVerified(tx: Tx, agencyId: string, email: string): Promise<void> {
    await this.db
      .kysely<ContactTables>(tx)
      .updateTable('notification_contacts')
      .set({
        phone_verified_at: sql<Date>`now()`,
        verification_code_hash: null,
        verification_expires_at: null,
        verification_attempts: 0,
        updated_at: sql<Date>`now()`,
      })
      .where('agency_id', '=', agencyId)
      .where('email', '=', email)
      .execute();
  }

  async removePhone(tx: Tx, agencyId: string, email: string): Promise<boolean> {
    const rows = await this.db
      .kysely<ContactTables>(tx)
      .updateTable('notification_contacts')
      .set({
        phone: null,
        phone_verified_at: null,
        verification_code_hash: null,
        verification_expires_at: null,
        verification_attempts: 0,
        updated_at: sql<Date>`now()`,
      })
      .where('agency_id', '=', agencyId)
      .where('email', '=', email)
      .where('phone', 'is not', null)
      .returning('email')
      .execute();
    return rows.length > 0;
  }

  /** STOP: the number receives nothing more from any agency until START. */
  async optOut(phone: string, source: 'stop_reply' | 'provider_error'): Promise<boolean> {
    const rows = await this.db
      .kysely<ContactTables>()
      .insertInto('sms_opt_outs')
      .values({ phone, source })
      .onConflict((conflict) => conflict.column('phone').doNothing())
      .returning('phone')
      .execute();
    return rows.length > 0;
  }

  async optIn(phone: string): Promise<boolean> {
    const rows = await this.db.kysely<ContactTables>().deleteFrom('sms_opt_outs').where('phone', '=', phone).returning('phone').execute();
    return rows.length > 0;
  }

  async isOptedOut(phone: string): Promise<boolean> {
    const row = await this.db.kysely<ContactTables>().selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst();
    return row !== undefined;
  }
}
