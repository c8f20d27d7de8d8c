import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { Database, type Tx, sql } from '../database/database';
import type { AgencySchema } from '../agencies/agency.entity';
import type { Tables } from '../database/tables';
import type { WalletSchema } from '../wallet/wallet.entity';
import { type ClaimedRow, type GivenUp, type OutboxStore, secondsAgo } from '../outbox/outbox';
import { type NotificationChannel, NotificationSchema } from './notification.entity';

export type { NotificationChannel, NotificationStatus } from './notification.entity';

type NotificationTables = Tables<typeof NotificationSchema>;
type NotificationRecord = Selectable<NotificationTables['notifications']>;

/** A notification as the services read it; `seq` is the list cursor, as text. */
export type NotificationRow = ReturnType<typeof toNotification>;

const toNotification = (row: NotificationRecord) => ({
  id: row.id,
  seq: String(row.seq),
  agencyId: row.agency_id,
  template: row.template,
  recipients: row.recipients,
  subject: row.subject,
  data: row.data,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  messageId: row.message_id,
  resumed: row.resumed,
  /** The notification this one sends again (support's resend), or null. */
  resendOf: row.resend_of,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  channel: row.channel,
  /** The person whose preferences and links the message carries. */
  personEmail: row.person_email,
  /** Twilio's message SID, for a text. */
  providerMessageId: row.provider_message_id,
  /** Twilio's last reported status of a text: sent, delivered, undelivered, failed. */
  deliveryStatus: row.delivery_status,
  deliveryErrorCode: row.delivery_error_code,
});

export interface AgencyContact {
  name: string;
  ownerEmail: string;
  billingEmails: string[];
  currency: string;
}

export interface NewNotification {
  id: string;
  agencyId: string | null;
  template: string;
  recipients: string[];
  subject: string;
  data: Record<string, unknown>;
  dedupeKey: string | null;
  status: 'queued' | 'failed';
  lastError: string | null;
  channel: NotificationChannel;
  personEmail: string | null;
}

/** Twilio's message statuses in the order they happen; the final ones share the last rank. */
const deliveryRank = (status: ReturnType<typeof sql>) =>
  sql<number>`(case ${status} when 'queued' then 0 when 'accepted' then 0 when 'sending' then 1 when 'sent' then 2 else 3 end)`;

/** Note for support when a send is repeated after a worker stopped in the middle of it. */
export const RESUMED_NOTE = 'An earlier attempt was interrupted mid-send (the worker stopped); sent again once with the same Message-ID';
export const ABANDONED_NOTE = 'Interrupted mid-send twice; not sent again (delivery unknown)';

/**
 * The notifications outbox. A row moves queued → sending (claimed by one job) → sent, back to
 * queued for a retry, or to failed / skipped. Every transition is one conditional UPDATE, so
 * concurrent jobs for the same row cannot both send it.
 */
@Injectable()
export class NotificationsRepository implements OutboxStore {
  constructor(private readonly db: Database) {}

  private query(tx?: Tx) {
    return this.db.kysely<NotificationTables>(tx);
  }

  /**
   * The agency's name, addresses and wallet currency: a read of agencies' and wallet's tables
   * (their modules depend on this one, so it cannot call their services).
   */
  findAgencyContact(agencyId: string, tx?: Tx): Promise<AgencyContact | undefined> {
    return this.db
      .kysely<Tables<typeof AgencySchema | typeof WalletSchema>>(tx)
      .selectFrom('agencies as a')
      .innerJoin('wallets as w', 'w.agency_id', 'a.id')
      .select(['a.name', 'a.owner_email as ownerEmail', 'a.billing_emails as billingEmails', 'w.currency'])
      .where('a.id', '=', agencyId)
      .executeTakeFirst();
  }

  /** Inserts inside the caller's transaction; undefined when the dedupe key was already used. */
  async insert(tx: Tx, row: NewNotification): Promise<string | undefined> {
    const inserted = await this.query(tx)
      .insertInto('notifications')
      .values({
        id: row.id,
        agency_id: row.agencyId,
        template: row.template,
        recipients: row.recipients,
        subject: row.subject,
        data: row.data,
        dedupe_key: row.dedupeKey,
        status: row.status,
        last_error: row.lastError,
        channel: row.channel,
        person_email: row.personEmail,
      })
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  }

  /**
   * Takes a row for sending. A queued row is taken at once. A row still marked `sending` after the
   * lease means the worker sending it stopped mid-send: it is taken once more (the message keeps
   * its Message-ID, so a duplicate is recognisable), never twice.
   */
  async claim(id: string, leaseSeconds: number): Promise<NotificationRow | undefined> {
    const row = await this.query()
      .updateTable('notifications')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        claimed_at: sql<Date>`now()`,
        resumed: sql<boolean>`resumed or status = 'sending'`,
        last_error: sql<string | null>`case when status = 'sending' then ${RESUMED_NOTE} else last_error end`,
      }))
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'sending'), eb('resumed', '=', false), eb('claimed_at', '<', secondsAgo(leaseSeconds))]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row && toNotification(row);
  }

  /** Keeps a claimed row its sender's while the send goes on; `attempts` names the claim. */
  async renewClaim(id: string, attempts: number): Promise<void> {
    await this.query()
      .updateTable('notifications')
      .set({ claimed_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('attempts', '=', attempts)
      .execute();
  }

  /**
   * The sender knows the message went out: recorded even when a sweep gave the row up meanwhile
   * as "delivery unknown" (the sender's record was held up by a database outage past its lease).
   */
  async markSent(id: string, messageId: string): Promise<void> {
    await this.recordSent(id, { message_id: messageId });
  }

  /** A text Twilio accepted: its SID is how the status callbacks find the row. */
  async markTexted(id: string, sid: string): Promise<void> {
    await this.recordSent(id, { message_id: sid, provider_message_id: sid, delivery_status: sql<string>`coalesce(delivery_status, 'queued')` });
  }

  private async recordSent(
    id: string,
    columns: { message_id: string; provider_message_id?: string; delivery_status?: ReturnType<typeof sql<string>> },
  ): Promise<void> {
    await this.query()
      .updateTable('notifications')
      .set({ status: 'sent', sent_at: sql<Date>`now()`, ...columns })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('status', '=', 'sending'), eb.and([eb('status', '=', 'failed'), eb('last_error', '=', ABANDONED_NOTE)])]))
      .execute();
  }

  /**
   * Records a status Twilio reported for a text. Callbacks may arrive out of order: a final
   * status (delivered, undelivered, failed) is never replaced by an earlier one.
   */
  async recordDelivery(sid: string, status: string, errorCode: string | null): Promise<{ recipients: string[] } | undefined> {
    return this.query()
      .updateTable('notifications')
      .set({
        delivery_status: status,
        delivery_error_code: sql<string | null>`coalesce(${errorCode}, delivery_error_code)`,
        delivery_updated_at: sql<Date>`now()`,
        last_error: sql<string | null>`case when ${errorCode}::text is not null then 'Twilio error ' || ${errorCode} else last_error end`,
      })
      .where('provider_message_id', '=', sid)
      .where(deliveryRank(sql`${status}::text`), '>=', deliveryRank(sql`coalesce(delivery_status, 'queued')`))
      .returning('recipients')
      .executeTakeFirst();
  }

  /** A failed attempt that Bull will retry: queued again, with the error for support to read. */
  async markRetry(id: string, error: string): Promise<void> {
    await this.settle(id, 'queued', error);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.settle(id, 'failed', error);
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.settle(id, 'skipped', reason);
  }

  private async settle(id: string, status: 'queued' | 'failed' | 'skipped', lastError: string): Promise<void> {
    await this.query()
      .updateTable('notifications')
      .set({ status, last_error: lastError })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  /** Queued rows older than the given age: their enqueue may have been lost after the commit. */
  async findStranded(seconds: number, limit: number): Promise<string[]> {
    const rows = await this.query()
      .selectFrom('notifications')
      .select('id')
      .where('status', '=', 'queued')
      .where('created_at', '<', secondsAgo(seconds))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /** Rows whose sender stopped mid-send and that may be sent once more (never resent before). */
  async findInterrupted(leaseSeconds: number, limit: number): Promise<ClaimedRow[]> {
    return this.query()
      .selectFrom('notifications')
      .select(['id', 'attempts'])
      .where('status', '=', 'sending')
      .where('resumed', '=', false)
      .where('claimed_at', '<', secondsAgo(leaseSeconds))
      .orderBy('claimed_at')
      .limit(limit)
      .execute();
  }

  /** Rows interrupted a second time are given up on rather than risk a third copy. */
  async giveUpInterrupted(leaseSeconds: number): Promise<GivenUp[]> {
    const rows = await this.query()
      .updateTable('notifications')
      .set({ status: 'failed', last_error: ABANDONED_NOTE })
      .where('status', '=', 'sending')
      .where('resumed', '=', true)
      .where('claimed_at', '<', secondsAgo(leaseSeconds))
      .returning('id')
      .execute();
    return rows.map((row) => ({ id: row.id, error: ABANDONED_NOTE }));
  }

  async list(agencyId: string, limit: number, cursor?: string): Promise<NotificationRow[]> {
    let query = this.query().selectFrom('notifications').selectAll().where('agency_id', '=', agencyId);
    if (cursor !== undefined) query = query.where('seq', '<', BigInt(cursor));
    const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toNotification);
  }

  async find(id: string, tx?: Tx): Promise<NotificationRow | undefined> {
    const row = await this.query(tx).selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toNotification(row);
  }

  /**
   * A new send of the same message: same channel, template, data (so the same rendering), subject
   * and recipients. Returns the new row.
   */
  async insertResend(tx: Tx, original: NotificationRow, id: string): Promise<NotificationRow> {
    const row = await this.query(tx)
      .insertInto('notifications')
      .values({
        id,
        agency_id: original.agencyId,
        template: original.template,
        recipients: original.recipients,
        subject: original.subject,
        data: original.data,
        dedupe_key: null,
        status: 'queued',
        channel: original.channel,
        person_email: original.personEmail,
        resend_of: original.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toNotification(row);
  }
}
