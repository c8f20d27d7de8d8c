import { defineEntity, p } from '@mikro-orm/core';
import type { Channel, NotificationKind } from './notification-kinds';

/** A person an agency's notices go to: an email, and a phone once verified for texts. */
export const NotificationContactSchema = defineEntity({
  name: 'NotificationContact',
  tableName: 'notification_contacts',
  properties: {
    agencyId: p.uuid().primary(),
    /** Lower case (a check constraint holds it). */
    email: p.text().primary(),
    /** E.164. */
    phone: p.text().nullable(),
    phoneVerifiedAt: p.datetime().nullable(),
    verificationCodeHash: p.text().nullable(),
    verificationExpiresAt: p.datetime().nullable(),
    verificationAttempts: p.integer().default(0),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class NotificationContact extends NotificationContactSchema.class {}
NotificationContactSchema.setClass(NotificationContact);

/** The channels a contact wants one kind of notice on; no row means the kind's defaults. */
export const NotificationPreferenceSchema = defineEntity({
  name: 'NotificationPreference',
  tableName: 'notification_preferences',
  properties: {
    agencyId: p.uuid().primary(),
    email: p.text().primary(),
    kind: p.text().$type<NotificationKind>().primary(),
    channels: p.array<Channel>(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export class NotificationPreference extends NotificationPreferenceSchema.class {}
NotificationPreferenceSchema.setClass(NotificationPreference);

export const SMS_OPT_OUT_SOURCES = ['stop_reply', 'provider_error'] as const;

/** A phone number that texts must not go to: it replied STOP, or the provider refused it. */
export const SmsOptOutSchema = defineEntity({
  name: 'SmsOptOut',
  tableName: 'sms_opt_outs',
  properties: {
    phone: p.text().primary(),
    source: p.enum(SMS_OPT_OUT_SOURCES).columnType('text'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export class SmsOptOut extends SmsOptOutSchema.class {}
SmsOptOutSchema.setClass(SmsOptOut);
