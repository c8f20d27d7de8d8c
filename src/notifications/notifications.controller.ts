import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { NotificationsService } from './notifications.service';
import { ApiDoc } from '../openapi/api-doc';
import { page } from '../openapi/schemas';
import { notificationSchema } from './notifications.schemas';

const listQuery = z.strictObject({
  limit: limitParam,
  cursor: seqCursor.optional(),
});

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
