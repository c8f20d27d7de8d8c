import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { AgencyWebhooksService } from './agency-webhooks.service';

export const endpointBody = z.strictObject({
  // Any public host, IP literals included (an agency may front its systems by address; the service
  // checks where it resolves). Credentials in the URL are refused: they would sit in our logs.
  url: z
    .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
    .max(2000, 'must be at most 2000 characters')
    .refine((value) => {
      const url = URL.parse(value);
      return !url || (!url.username && !url.password);
    }, 'must not contain a user name or password'),
  enabled: z.boolean(),
  rotateSecret: z.boolean().optional(),
});

const listQuery = z.strictObject({
  limit: limitParam,
  cursor: seqCursor.optional(),
});

@Controller('agencies/:agencyId')
export class AgencyWebhooksController {
  constructor(private readonly webhooks: AgencyWebhooksService) {}

  @Put('webhook-endpoint')
  @Roles('owner', 'admin')
  saveEndpoint(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Body(new ZodPipe(endpointBody)) body: z.output<typeof endpointBody>,
  ) {
    return this.webhooks.saveEndpoint({ principal, requestId }, agencyId, body);
  }

  @Get('webhook-endpoint')
  @Roles('owner', 'admin', 'support')
  getEndpoint(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.webhooks.getEndpoint(agencyId);
  }

  @Get('webhook-deliveries')
  @Roles('owner', 'admin', 'support')
  listDeliveries(
    @Param('agencyId', new ZodPipe(uuidParam)) agencyId: string,
    @Query(new ZodPipe(listQuery)) query: z.output<typeof listQuery>,
  ) {
    return this.webhooks.listDeliveries(agencyId, query);
  }
}
