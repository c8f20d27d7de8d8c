import { defineEntity, p } from '@mikro-orm/core';

export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * The outbox of emails and texts: one row per message to one person (or to the addresses a
 * sign-in link names), written in the transaction of the event that causes it and sent by the
 * worker (see `outbox/outbox.ts`).
 */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  indexes: [
    { name: 'notifications_agency_idx', expression: 'create index notifications_agency_idx on notifications (agency_id, seq desc)' },
    {
      name: 'notifications_unsent_idx',
      expression: "create index notifications_unsent_idx on notifications (created_at) where status in ('queued', 'sending')",
    },
  ],
  uniques: [
    {
      name: 'notifications_provider_message_idx',
      expression:
        'create unique index notifications_provider_message_idx on notifications (provider_message_id) where provider_message_id is not null',
    },
  ],
  properties: {
    id: p.uuid().primary(),
    /** Orders pages and serves as the list cursor; the uuid alone has no order. */
    seq: p.bigint().autoincrement().generated('identity').unique('notifications_seq_key'),
    /** Null for an email to a person rather than about one agency (a sign-in link). */
    agencyId: p.uuid().nullable(),
    template: p.text(),
    recipients: p.array(),
    subject: p.text(),
    data: p.json<Record<string, unknown>>(),
    dedupeKey: p.text().nullable().unique('notifications_dedupe_key_key'),
    status: p.enum(NOTIFICATION_STATUSES).default('queued'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    messageId: p.text().nullable(),
    claimedAt: p.datetime().nullable(),
    /** Set when a send that a stopped worker left unfinished was resent: that happens once only. */
    resumed: p.boolean().default(false),
    createdAt: p.datetime().defaultRaw('now()'),
    sentAt: p.datetime().nullable(),
    channel: p.enum(NOTIFICATION_CHANNELS).default('email'),
    /** The person whose preferences and links the message carries. */
    personEmail: p.text().nullable(),
    /** Twilio's message SID, for a text. */
    providerMessageId: p.text().nullable(),
    /** Twilio's last reported status of a text: sent, delivered, undelivered, failed. */
    deliveryStatus: p.text().nullable(),
    deliveryErrorCode: p.text().nullable(),
    deliveryUpdatedAt: p.datetime().nullable(),
    /** The notification this one sends again (support's resend). */
    resendOf: p.uuid().nullable(),
  },
});
export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
