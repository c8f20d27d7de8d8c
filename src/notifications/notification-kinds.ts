import { TEMPLATE_NAMES, type TemplateName } from './notification-templates';

/**
 * What people choose per kind of event: email, SMS, both or none. A kind is an email template;
 * the kinds with an SMS template (templates/sms) may also be texted.
 */
export const NOTIFICATION_KINDS = TEMPLATE_NAMES;
export type NotificationKind = TemplateName;

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kinds short enough to text (each has templates/sms/<kind>.hbs). */
export const SMS_KINDS = [
  'low-balance',
  'payment-failed',
  'auto-reload-suspended',
  'service-paused',
  'subteam-limit-warning',
  'subteam-limit-reached',
] as const satisfies readonly NotificationKind[];

/** Texts that are not a kind of event: sent to one number whatever the preferences. */
export const SMS_ONLY_TEMPLATES = ['verification-code'] as const;
export type SmsTemplateName = (typeof SMS_KINDS)[number] | (typeof SMS_ONLY_TEMPLATES)[number];

/** The owner always hears about these through email or SMS: money stops moving without them. */
export const OWNER_REQUIRED_KINDS: readonly NotificationKind[] = ['payment-failed', 'auto-reload-suspended'];

export const smsAllowed = (kind: NotificationKind) => (SMS_KINDS as readonly string[]).includes(kind);

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
