import { z } from 'zod';
import { money, uuidParam } from '../common/validation';
import { moneyString, timestamp } from '../openapi/schemas';
import { paymentMethodSchema } from '../payments/payment-methods.schemas';

/** The JSON shapes the auto-reload routes answer (documented in the OpenAPI document). */
export const policySchema = z
  .strictObject({
    enabled: z.boolean(),
    threshold: moneyString,
    mode: z.enum(['fixed', 'to_target']),
    amount: moneyString.nullable(),
    targetBalance: moneyString.nullable(),
    dailyCap: moneyString.nullable(),
    monthlyCap: moneyString.nullable(),
    fallbackToBackupMethods: z.boolean(),
    suspended: z.boolean(),
    suspendedAt: timestamp.nullable(),
    suspendedReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
  })
  .meta({ id: 'AutoReloadPolicy' });

export const lowBalanceAlertSchema = z.strictObject({ enabled: z.boolean(), threshold: moneyString }).meta({ id: 'LowBalanceAlert' });

export const billingSettingsSchema = z
  .strictObject({ autoReload: policySchema, lowBalanceAlert: lowBalanceAlertSchema })
  .meta({ id: 'BillingSettings' });

export const insightsSchema = z
  .strictObject({
    avgDailySpend7d: moneyString,
    avgDailySpend30d: moneyString,
    runwayHours: z.number().nullable(),
    suggestedThreshold: moneyString,
    suggestedReloadAmount: moneyString,
    reloadsLast24h: z.number().int(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'WalletInsights' });

export const dryRunSchema = z
  .strictObject({
    wouldReload: z.boolean(),
    reason: z.string(),
    explanation: z.string(),
    amount: moneyString.nullable(),
    paymentMethod: paymentMethodSchema.nullable(),
    dailyCapRemaining: moneyString.nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'AutoReloadDryRun' });

export const reloadAttemptSchema = z
  .strictObject({
    id: z.uuid(),
    trigger: z.string(),
    amount: moneyString,
    currency: z.string(),
    status: z.enum(['processing', 'pending_clearance', 'succeeded', 'failed', 'requires_action', 'skipped']),
    paymentMethod: z.strictObject({ id: z.uuid(), type: z.string(), brand: z.string().nullable(), last4: z.string().nullable() }).nullable(),
    declineCode: z.string().nullable(),
    declineMessage: z.string().nullable(),
    declineReason: z.string().nullable(),
    declineNextStep: z.string().nullable(),
    statementDescriptor: z.string().nullable(),
    skipReason: z.string().nullable(),
    stripePaymentIntentId: z.string().nullable(),
    retryOf: z.uuid().nullable(),
    fallbackOf: z.uuid().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    completedAt: timestamp.nullable(),
  })
  .meta({ id: 'ReloadAttempt' });

/** Support's retry: the new attempt, or why none started. */
export const retryAnswerSchema = z
  .strictObject({ started: z.boolean(), reason: z.string().nullable(), explanation: z.string(), attempt: reloadAttemptSchema.nullable() })
  .meta({ id: 'ReloadRetry' });

export const authenticationSchema = z
  .strictObject({
    status: z.enum(['requires_action', 'succeeded', 'processing', 'failed']),
    redirectUrl: z
      .string()
      .nullable()
      .meta({ description: "The bank's 3-D Secure page to open (start only; null once there is nothing to confirm)" })
      .optional(),
    credited: z.boolean().meta({ description: 'Whether this call credited the wallet (a webhook may have done it first)' }),
    attempt: reloadAttemptSchema,
    message: z.string().nullable(),
  })
  .meta({ id: 'ReloadAuthentication' });

// The request bodies the console's forms validate with too.

/** Each field's own rules, shared by PUT (the whole policy), PATCH (only the fields sent) and the console's form. */
export const autoReloadFields = {
  enabled: z.boolean(),
  threshold: money(),
  mode: z.enum(['fixed', 'to_target']),
  amount: money({ nonZero: true, wholeCents: true }),
  targetBalance: money({ nonZero: true }),
  dailyCap: money({ nonZero: true, wholeCents: true }).nullable(),
  monthlyCap: money({ nonZero: true, wholeCents: true }).nullable(),
  fallbackToBackupMethods: z.boolean(),
};

/** Every auto-reload field, each optional: the API's PATCH and the console's form share it. */
export const autoReloadPatchFields = z.strictObject({
  enabled: autoReloadFields.enabled.optional(),
  threshold: autoReloadFields.threshold.optional(),
  mode: autoReloadFields.mode.optional(),
  amount: autoReloadFields.amount.optional(),
  targetBalance: autoReloadFields.targetBalance.optional(),
  dailyCap: autoReloadFields.dailyCap.optional(),
  monthlyCap: autoReloadFields.monthlyCap.optional(),
  fallbackToBackupMethods: autoReloadFields.fallbackToBackupMethods.optional(),
});

/**
 * A top-up: at least 1.00 in whole cents, from a saved method (default: the first). The largest
 * amount is configured (MAX_RELOAD_AMOUNT) and checked in the route (`checkMoney`).
 */
export const topUpBody = z.strictObject({ amount: money({ min: 1_000_000n, wholeCents: true }), paymentMethodId: uuidParam.optional() });
