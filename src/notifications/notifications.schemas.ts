import { z } from 'zod';
import { timestamp } from '../openapi/schemas';

// A notification's JSON shape, kept out of the controller: support's routes answer with it too.

export const notificationSchema = z
  .strictObject({
    id: z.string(),
    template: z.string(),
    channel: z.enum(['email', 'sms']).meta({ description: 'An email to one address, or a text to one number' }),
    recipients: z.array(z.string()),
    subject: z.string().nullable(),
    status: z.enum(['queued', 'sending', 'sent', 'failed', 'skipped']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    messageId: z.string().nullable(),
    resendOf: z.uuid().nullable().meta({ description: 'The email this one sends again (a support resend)' }),
    createdAt: timestamp,
    sentAt: timestamp.nullable(),
    delivery: z
      .strictObject({ status: z.string().nullable(), errorCode: z.string().nullable() })
      .optional()
      .meta({ description: "A text's delivery as Twilio last reported it (sent, delivered, undelivered, failed)" }),
  })
  .meta({ id: 'Notification' });
