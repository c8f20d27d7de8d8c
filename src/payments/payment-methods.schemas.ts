import { z } from 'zod';

export const paymentMethodSchema = z
  .strictObject({
    id: z.uuid(),
    type: z.string().meta({ description: '`card` or a bank debit type such as `us_bank_account`' }),
    brand: z.string().nullable(),
    last4: z.string().nullable(),
    expMonth: z.number().int().nullable(),
    expYear: z.number().int().nullable(),
    bankName: z.string().nullable(),
    priority: z.number().int().meta({ description: '1 is tried first' }),
    isDefault: z.boolean(),
  })
  .meta({ id: 'PaymentMethod' });

export const setupSessionSchema = z
  .strictObject({
    id: z.string().meta({ description: "Stripe's Checkout Session id (`cs_…`)" }),
    url: z.string().nullable().meta({ description: "Stripe's page to open: the person picks a card or US bank account there" }),
    expiresAt: z.string().meta({ description: 'ISO 8601; Stripe expires an unfinished session after 24 hours' }),
  })
  .meta({ id: 'SetupSession' });
