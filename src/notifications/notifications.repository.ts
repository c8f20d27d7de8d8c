import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import { toDate } from '../database/values';

export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';
export type NotificationChannel = 'email' | 'sms';

export interface NotificationRow {
  id: string;
  seq: string;
  agencyId: string | null;
  template: string;
  recipients: string[];
  subject: string;
  data: Record<string, unknown>;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  resumed: boolean;
  /** The notification this one sends again (support's resend), or null. */
  resendOf: string | null;
  createdAt: Date;
  sentAt: Date | null;
  channel: NotificationChannel;
  /** The person whose preferences and links the message carries. */
  personEmail: string | null;
  /** Twilio's message SID, for a text. */
  providerMessageId: string | null;
  /** Twilio's last reported status of a text: sent, delivered, undelivered, failed. */
  deliveryStatus: string | null;
  deliveryErrorCode: string | null;
}

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

type RawNotification = {
  id: string;
  seq: string;
  agency_id: string | null;
  template: string;
  recipients: string[];
  subject: string;
  data: Record<string, unknown>;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  resumed: boolean;
  resend_of: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
  channel: NotificationChannel;
  person_email: string | null;
  provider_message_id: string | null;
  delivery_status: string | null;
  delivery_error_code: string | null;
};

const COLUMNS = sql`id, seq, agency_id, template, recipients, subject, data, status, attempts, last_error, message_id,
  resumed, resend_of, created_at, sent_at, channel, person_email, provider_message_id, delivery_status, delivery_error_code`;

const toNotification = (row: RawNotification): NotificationRow => ({
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
  resendOf: row.resend_of,
  createdAt: toDate(row.created_at),
  sentAt: row.sent_at === null ? null : toDate(row.sent_at),
  channel: row.channel,
  personEmail: row.person_email,
  providerMessageId: row.provider_message_id,
  deliveryStatus: row.delivery_status,
  deliveryErrorCode: row.delivery_error_code,
});

/** Twilio's message statuses in the order they happen; the final ones share the last rank. */
const deliveryRank = (status: ReturnType<typeof sql>) =>
  sql`(case ${status} when 'queued' then 0 when 'accepted' then 0 when 'sending' then 1 when 'sent' then 2 else 3 end)`;

/** Note for support when a send is repeated after a worker stopped in the middle of it. */
export const RESUMED_NOTE = 'An earlier attempt was interrupted mid-send (the worker stopped); sent again once with the same Message-ID';
export const ABANDONED_NOTE = 'Interrupted mid-send twice; not sent again (delivery unknown)';

/** A row its sender may still record as sent: being sent, or given up while its sender was held up. */
const sentMayBeRecorded = sql`(status = 'sending' or (status = 'failed' and last_error = ${ABANDONED_NOTE}))`;

/**
 * The notifications outbox. A row moves queued → sending (claimed by one job) → sent, back to
 * queued for a retry, or to failed / skipped. Every transition is one conditional UPDATE, so
 * concurrent jobs for the same row cannot both send it.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  async findAgencyContact(agencyId: string, tx?: Tx): Promise<AgencyContact | undefined> {
    const row = await this.db.one(
      sql<{ name: string; owner_email: string; billing_emails: string[]; currency: string }>`
        select a.name, a.owner_email, a.billing_emails, w.currency
        from agencies a join wallets w on w.agency_id = a.id where a.id = ${agencyId}`,
      tx,
    );
    return row && { name: row.name, ownerEmail: row.owner_email, billingEmails: row.billing_emails, currency: row.currency };
  }

  /** Inserts inside the caller's transaction; undefined when the dedupe key was already used. */
  async insert(tx: Tx, row: NewNotification): Promise<string | undefined> {
    const inserted = await this.db.one(
      sql<{ id: string }>`
        insert into notifications (id, agency_id, template, recipients, subject, data, dedupe_key, status, last_error, channel, person_email)
        values (${row.id}, ${row.agencyId}, ${row.template}, ${row.recipients}::text[], ${row.subject},
          ${JSON.stringify(row.data)}::jsonb, ${row.dedupeKey}, ${row.status}, ${row.lastError}, ${row.channel}, ${row.personEmail})
        on conflict (dedupe_key) do nothing
        returning id`,
      tx,
    );
    return inserted?.id;
  }

  /**
   * Takes a row for sending. A queued row is taken at once. A row still marked `sending` after the
   * lease means the worker sending it stopped mid-send: it is taken once more (the message keeps
   * its Message-ID, so a duplicate is recognisable), never twice.
   */
  async claim(id: string, leaseSeconds: number): Promise<NotificationRow | undefined> {
    const row = await this.db.one(sql<RawNotification>`
      update notifications set
        status = 'sending',
        attempts = attempts + 1,
        claimed_at = now(),
        resumed = resumed or status = 'sending',
        last_error = case when status = 'sending' then ${RESUMED_NOTE} else last_error end
      where id = ${id}
        and (status = 'queued'
          or (status = 'sending' and not resumed and claimed_at < now() - make_interval(secs => ${leaseSeconds})))
      returning ${COLUMNS}`);
    return row && toNotification(row);
  }

  /** Keeps a claimed row its sender's while the send goes on; `attempts` names the claim. */
  async renewClaim(id: string, attempts: number): Promise<void> {
    await this.db.rows(sql`
      update notifications set claimed_at = now() where id = ${id} and status = 'sending' and attempts = ${attempts}`);
  }

  /**
   * The sender knows the message went out: recorded even when a sweep gave the row up meanwhile
   * as "delivery unknown" (the sender's record was held up by a database outage past its lease).
   */
  async markSent(id: string, messageId: string): Promise<void> {
    await this.db.rows(sql`
      update notifications set status = 'sent', message_id = ${messageId}, sent_at = now()
      where id = ${id} and ${sentMayBeRecorded}`);
  }

  /** A text Twilio accepted: its SID is how the status callbacks find the row. */
  async markTexted(id: string, sid: string): Promise<void> {
    await this.db.rows(sql`
      update notifications set status = 'sent', message_id = ${sid}, provider_message_id = ${sid}, sent_at = now(),
        delivery_status = coalesce(delivery_status, 'queued')
      where id = ${id} and ${sentMayBeRecorded}`);
  }

  /**
   * Records a status Twilio reported for a text. Callbacks may arrive out of order: a final
   * status (delivered, undelivered, failed) is never replaced by an earlier one.
   */
  async recordDelivery(sid: string, status: string, errorCode: string | null): Promise<{ recipients: string[] } | undefined> {
    const row = await this.db.one(sql<{ recipients: string[] }>`
      update notifications set delivery_status = ${status}, delivery_error_code = coalesce(${errorCode}, delivery_error_code),
        delivery_updated_at = now(),
        last_error = case when ${errorCode}::text is not null then 'Twilio error ' || ${errorCode} else last_error end
      where provider_message_id = ${sid} and ${deliveryRank(sql`${status}::text`)} >= ${deliveryRank(sql`coalesce(delivery_status, 'queued')`)}
      returning recipients`);
    return row;
  }

  /** A failed attempt that Bull will retry: queued again, with the error for support to read. */
  async markRetry(id: string, error: string): Promise<void> {
    await this.db.rows(sql`
      update notifications set status = 'queued', last_error = ${error} where id = ${id} and status = 'sending'`);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.rows(sql`
      update notifications set status = 'failed', last_error = ${error} where id = ${id} and status = 'sending'`);
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.db.rows(sql`
      update notifications set status = 'skipped', last_error = ${reason} where id = ${id} and status = 'sending'`);
  }

  /** Queued rows older than the given age: their enqueue may have been lost after the commit. */
  async findQueuedOlderThan(seconds: number, limit: number): Promise<string[]> {
    const rows = await this.db.rows(sql<{ id: string }>`
      select id from notifications
      where status = 'queued' and created_at < now() - make_interval(secs => ${seconds})
      order by created_at limit ${limit}`);
    return rows.map((row) => row.id);
  }

  /** Rows whose sender stopped mid-send and that may be sent once more. */
  async findInterrupted(leaseSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.db.rows(sql<{ id: string }>`
      select id from notifications
      where status = 'sending' and not resumed and claimed_at < now() - make_interval(secs => ${leaseSeconds})
      order by claimed_at limit ${limit}`);
    return rows.map((row) => row.id);
  }

  /** Rows interrupted a second time are given up on rather than risk a third copy. */
  async abandonTwiceInterrupted(leaseSeconds: number): Promise<number> {
    const rows = await this.db.rows(sql`
      update notifications set status = 'failed', last_error = ${ABANDONED_NOTE}
      where status = 'sending' and resumed and claimed_at < now() - make_interval(secs => ${leaseSeconds})
      returning id`);
    return rows.length;
  }

  async list(agencyId: string, limit: number, cursor?: string): Promise<NotificationRow[]> {
    const rows = await this.db.rows(sql<RawNotification>`
      select ${COLUMNS} from notifications
      where agency_id = ${agencyId} ${cursor !== undefined ? sql`and seq < ${cursor}::bigint` : sql``}
      order by seq desc limit ${limit}`);
    return rows.map(toNotification);
  }

  async find(id: string, tx?: Tx): Promise<NotificationRow | undefined> {
    const row = await this.db.one(sql<RawNotification>`select ${COLUMNS} from notifications where id = ${id}`, tx);
    return row && toNotification(row);
  }

  /** A new send of the same message: same channel, template, data (so the same rendering), subject and recipients. */
  async insertResend(tx: Tx, original: NotificationRow, id: string): Promise<void> {
    await this.db.rows(
      sql`insert into notifications (id, agency_id, template, recipients, subject, data, dedupe_key, status, channel, person_email, resend_of)
        values (${id}, ${original.agencyId}, ${original.template}, ${original.recipients}::text[], ${original.subject},
          ${JSON.stringify(original.data)}::jsonb, null, 'queued', ${original.channel}, ${original.personEmail}, ${original.id})`,
      tx,
    );
  }
}
