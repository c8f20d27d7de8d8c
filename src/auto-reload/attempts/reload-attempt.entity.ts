import { defineEntity, p } from '@mikro-orm/core';
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
  properties: {
    id: p.uuid().primary(),
    seq: p.bigint().autoincrement().unique(),
    agencyId: p.uuid(),
    walletId: p.uuid(),
    trigger: p.enum(RELOAD_TRIGGERS),
    amountMicros: p.bigint(),
    currency: p.string().columnType('char(3)'),
    paymentMethodId: p.uuid().nullable(),
    status: p.enum(ATTEMPT_STATUSES),
    declineCode: p.text().nullable(),
    declineMessage: p.text().nullable(),
    skipReason: p.text().nullable(),
    stripePaymentIntentId: p.text().nullable().unique(),
    stripeChargeId: p.text().nullable(),
    retryOf: p.uuid().nullable(),
    fallbackOf: p.uuid().nullable(),
    clientIdempotencyKey: p.text().nullable(),
    requestHash: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    completedAt: p.datetime().nullable(),
    /** Refunds debited from the wallet for this attempt's charge. */
    refundedMicros: p.bigint().default(0),
    /** Disputes debited for this attempt's charge, less what a won dispute gave back. */
    disputedMicros: p.bigint().default(0),
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
  properties: {
    id: p.bigint().primary().autoincrement(),
    attemptId: p.uuid(),
    agencyId: p.uuid(),
    kind: p.text(),
    detail: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export class ReloadAttemptEvent extends ReloadAttemptEventSchema.class {}
ReloadAttemptEventSchema.setClass(ReloadAttemptEvent);
