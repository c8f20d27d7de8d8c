import { z } from 'zod';
import { canonicalTimeZone } from '../common/time-zones';
import { money } from '../common/validation';
import { moneyString, timestamp } from '../openapi/schemas';

// The agencies routes' request bodies (with the field rules they share) and the agency and subteam
// JSON shapes, kept out of the controller: the console's forms and support's routes use them too.

const name = z.string().trim().min(1, 'must not be empty').max(200);
const email = z.email({ message: 'must be an email address' }).max(320);
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'must be a known ISO 4217 currency');
/** An IANA time zone name, stored in its canonical spelling ("america/new_york" → "America/New_York"). */
const timeZone = z.string().transform((value, ctx) => {
  const canonical = canonicalTimeZone(value);
  if (canonical) return canonical;
  ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone name such as "America/New_York" or "UTC"' });
  return z.NEVER;
});
const limit = money().nullable().optional();
/** An agency may let calls overrun their holds by at most this much (`"0"` refuses any overrun). */
const MAX_CALL_OVERRUN_MICROS = 1_000_000_000n;

/** Who receives the owner emails (the owner when empty); the console's contacts form takes the same list. */
export const billingEmailsField = z.array(email).max(20);

export const createAgencyBody = z.strictObject({ name, ownerEmail: email, currency: currency.default('USD'), timeZone: timeZone.optional() });
export const updateAgencyBody = z.strictObject({
  name: name.optional(),
  billingEmails: billingEmailsField.optional(),
  paused: z.boolean().optional(),
  maxCallOverrun: money({ max: MAX_CALL_OVERRUN_MICROS }).optional(),
  timeZone: timeZone.optional(),
});
export const createSubteamBody = z.strictObject({ name, dailySpendLimit: limit, monthlySpendLimit: limit });
export const updateSubteamBody = z.strictObject({
  name: name.optional(),
  paused: z.boolean().optional(),
  dailySpendLimit: limit,
  monthlySpendLimit: limit,
});
export const supportUserBody = z.strictObject({ email });

export const agencySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    ownerEmail: z.string(),
    billingEmails: z.array(z.string()),
    paused: z.boolean(),
    maxCallOverrun: moneyString,
    timeZone: z.string(),
    currency: z.string(),
    walletId: z.uuid(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Agency' });

export const subteamSchema = z
  .strictObject({
    id: z.uuid(),
    agencyId: z.uuid(),
    name: z.string(),
    paused: z.boolean(),
    dailySpendLimit: moneyString.nullable(),
    monthlySpendLimit: moneyString.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Subteam' });
