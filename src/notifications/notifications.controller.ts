import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../common/auth/auth.decorators';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { NotificationsService } from './notifications.service';

const listQuery = z.strictObject({
  limit: limitParam,
  cursor: seqCursor.optional(),
});

@Controller('agencies/:agencyId/notifications')
@Roles('owner', 'admin', 'support')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Query(new ZodPipe(listQuery)) query: z.output<typeof listQuery>,
  ) {
    return this.notifications.list(agencyId, query);
  }
}
