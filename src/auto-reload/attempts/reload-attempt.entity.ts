import { defineEntity, p } from '@mikro-orm/core';
import { AgencySchema } from '../../agencies/agency.entity';
import { PaymentMethodSchema } from '../../payments/payment-method.entity';
import { WalletSchema } from '../../wallet/wallet.entity';
import { RELOAD_TRIGGERS } from './reload-trigger';

export const ATTEMPT_STATUSES = ['processing', 'pending_clearance', 'succeeded', 'failed', 'requires_action', 'skipped'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/**
 * One try at charging for the wallet (an automatic reload or a top-up), recorded before Stripe is
 * called; its id is the Stripe idempotency key's root. `seq` orders an agency's attempts for paging.
 */
export const ReloadAttemptSchema = defineEntity({
  name: 'ReloadAttempt',
  tableName: 'reload_attempts',
  indexes: [
    // At most one automatic reload in flight per wallet, whatever the number of processes.
    {
      name: 'reload_attempts_one_in_flight',
      expression: `create unique index reload_attempts_one_in_flight on reload_attempts (wallet_id) where status in ('processing', 'pending_clearance') and trigger <> 'manual'`,
    },
    { name: 'reload_attempts_agency_idx', expression: 'create index reload_attempts_agency_idx on reload_attempts (agency_id, seq desc)' },
    {
      name: 'reload_attempts_open_idx',
      expression: `create index reload_attempts_open_idx on reload_attempts (updated_at) where status in ('processing', 'pending_clearance')`,
    },
  ],
  uniques: [{ name: 'reload_attempts_agency_id_client_idempotency_key_key', properties: ['agency', 'clientIdempotencyKey'] }],
  checks: [
    { name: 'reload_attempts_amount_micros_check', expression: 'amount_micros >= 0' },
    { name: 'reload_attempts_refunded_micros_check', expression: 'refunded_micros >= 0' },
    { name: 'reload_attempts_disputed_micros_check', expression: 'disputed_micros >= 0' },
  ],
  properties: {
    id: p.uuid().primary(),
    seq: p.bigint().autoincrement().generated('identity').unique('reload_attempts_seq_key'),
    agency: () =>
      p.manyToOne(AgencySchema).mapToPk().foreignKeyName('reload_attempts_agency_id_fkey').updateRule('no action').deleteRule('no action'),
    wallet: () =>
      p.manyToOne(WalletSchema).mapToPk().foreignKeyName('reload_attempts_wallet_id_fkey').updateRule('no action').deleteRule('no action'),
    trigger: p.enum(RELOAD_TRIGGERS),
    amountMicros: p.bigint(),
    currency: p.string().columnType('char(3)'),
    paymentMethod: () =>
      p
        .manyToOne(PaymentMethodSchema)
        .nullable()
        .mapToPk()
        .foreignKeyName('reload_attempts_payment_method_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    status: p.enum(ATTEMPT_STATUSES),
    declineCode: p.text().nullable(),
    declineMessage: p.text().nullable(),
    skipReason: p.text().nullable(),
    stripePaymentIntentId: p.text().nullable().unique('reload_attempts_stripe_payment_intent_id_key'),
    stripeChargeId: p.text().nullable(),
    retryOf: () =>
      p
        .manyToOne(ReloadAttemptSchema)
        .fieldName('retry_of')
        .nullable()
        .mapToPk()
        .foreignKeyName('reload_attempts_retry_of_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    fallbackOf: () =>
      p
        .manyToOne(ReloadAttemptSchema)
        .fieldName('fallback_of')
        .nullable()
        .mapToPk()
        .foreignKeyName('reload_attempts_fallback_of_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    clientIdempotencyKey: p.text().nullable(),
    requestHash: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    completedAt: p.datetime().nullable(),
    /** Refunds debited from the wallet for this attempt's charge. */
    refundedMicros: p.bigint().defaultRaw('0'),
    /** Disputes debited for this attempt's charge, less what a won dispute gave back. */
    disputedMicros: p.bigint().defaultRaw('0'),
    leaseOwner: p.uuid().nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    takeovers: p.integer().default(0),
  },
});
export class ReloadAttempt extends ReloadAttemptSchema.class {}
ReloadAttemptSchema.setClass(ReloadAttempt);

/** Every Stripe exchange and engine decision about an attempt, for support's timeline. */
export const ReloadAttemptEventSchema = defineEntity({
  name: 'ReloadAttemptEvent',
  tableName: 'reload_attempt_events',
  indexes: [
    { name: 'reload_attempt_events_attempt_idx', properties: ['attempt', 'id'] },
    { name: 'reload_attempt_events_agency_idx', properties: ['agency', 'id'] },
  ],
  properties: {
    id: p.bigint().primary().autoincrement().generated('identity'),
    attempt: () =>
      p
        .manyToOne(ReloadAttemptSchema)
        .mapToPk()
        .foreignKeyName('reload_attempt_events_attempt_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    agency: () =>
      p.manyToOne(AgencySchema).mapToPk().foreignKeyName('reload_attempt_events_agency_id_fkey').updateRule('no action').deleteRule('no action'),
    kind: p.text(),
    detail: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export class ReloadAttemptEvent extends ReloadAttemptEventSchema.class {}
ReloadAttemptEventSchema.setClass(ReloadAttemptEvent);
