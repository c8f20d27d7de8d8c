import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { NotificationsService } from './notifications.service';
import { ApiDoc } from '../openapi/api-doc';
import { page, timestamp } from '../openapi/schemas';

const listQuery = z.strictObject({
  limit: limitParam,
  cursor: seqCursor.optional(),
});

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

@Controller('agencies/:agencyId/notifications')
@Roles('owner', 'admin', 'support')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiDoc({
    tag: 'Notifications',
    summary: 'Owner emails sent or queued, newest first',
    paginated: true,
    responses: { 200: page(notificationSchema) },
  })
  list(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Query(new ZodPipe(listQuery)) query: z.output<typeof listQuery>) {
    return this.notifications.list(agencyId, query);
  }
}
