import { z } from 'zod';
import type { AgencyEventType } from '../agency-webhooks/agency-webhooks.events';
import { SIGNATURE_HEADER } from '../agency-webhooks/agency-webhook-signature';
import { moneyString, timestamp } from './schemas';

export const WEBHOOK_SIGNATURE_DESCRIPTION = [
  "Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.",
  `Verify \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (\`whsec_…\`), of \`<t>.<raw body>\` (Stripe's scheme); refuse a \`t\` older than 5 minutes.`,
  'Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).',
].join('\n\n');

export const AGENCY_EVENT_HEADERS = z.object({
  [SIGNATURE_HEADER]: z
    .string()
    .meta({ description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`', example: 't=1764640000,v1=5257a869e7…' }),
  'Agency-Wallet-Event-Id': z.uuid().meta({ description: 'The event id; the same on every retry' }),
  'Agency-Wallet-Event-Type': z.string().meta({ description: 'The event type' }),
});

const paymentMethod = z.looseObject({ brand: z.string().nullable(), last4: z.string().nullable(), type: z.string() }).nullable();
const reload = {
  attemptId: z.uuid(),
  trigger: z.string(),
  amount: moneyString,
  currency: z.string(),
  paymentMethod,
  balance: moneyString,
};

const subteamLimit = {
  subteamId: z.uuid(),
  subteamName: z.string(),
  window: z.enum(['daily', 'monthly']),
  windowLabel: z.string().meta({ description: 'The local day (YYYY-MM-DD) or month (YYYY-MM)' }),
  spent: moneyString,
  limit: moneyString,
  percentUsed: z.number().int(),
  currency: z.string(),
};

const DATA: Record<AgencyEventType, z.ZodType> = {
  'wallet.low_balance': z.looseObject({ available: moneyString, threshold: moneyString, runwayHours: z.number().nullable(), currency: z.string() }),
  'wallet.depleted': z.looseObject({ available: moneyString, currency: z.string() }),
  'reload.succeeded': z.looseObject(reload),
  'reload.failed': z.looseObject({
    ...reload,
    declineCode: z.string().nullable(),
    declineMessage: z.string().nullable(),
    nextStep: z.enum(['fallback', 'suspended', 'none']),
  }),
  'reload.requires_action': z.looseObject({ ...reload, authenticationUrl: z.string().nullable() }),
  'auto_reload.suspended': z.looseObject({
    attemptId: z.uuid(),
    consecutiveFailures: z.number().int(),
    lastDeclineCode: z.string().nullable(),
    lastDeclineMessage: z.string().nullable(),
  }),
  'subteam.limit_warning': z.looseObject({ ...subteamLimit, percent: z.number().int() }),
  'subteam.limit_reached': z.looseObject(subteamLimit),
};

export function agencyEventSchema(type: AgencyEventType) {
  const name = type.replace(/(^|[._])(\w)/g, (_, __, letter: string) => letter.toUpperCase());
  return z
    .strictObject({
      id: z.uuid().meta({ description: 'The event id: the same across retries; dedupe by it' }),
      type: z.literal(type),
      createdAt: timestamp,
      agencyId: z.uuid(),
      data: DATA[type],
    })
    .meta({ id: `${name}Event` });
}
