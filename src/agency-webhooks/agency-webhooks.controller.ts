import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, RequestId, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ZodPipe, limitParam, uuidParam, seqCursor } from '../common/validation';
import { AgencyWebhooksService } from './agency-webhooks.service';
import { ApiDoc } from '../openapi/api-doc';
import { page, timestamp } from '../openapi/schemas';
import { AGENCY_EVENT_TYPES } from './agency-webhooks.events';
import { endpointBody } from './agency-webhooks.schemas';

const listQuery = z.strictObject({
  limit: limitParam,
  cursor: seqCursor.optional(),
});

const endpointView = z.strictObject({ url: z.string().nullable(), enabled: z.boolean() }).meta({ id: 'WebhookEndpoint' });
const endpointSaved = z
  .strictObject({
    url: z.string(),
    enabled: z.boolean(),
    secret: z.string().nullable().meta({ description: 'whsec_…, shown only when new: store it now' }),
  })
  .meta({ id: 'WebhookEndpointSaved' });
const deliverySchema = z
  .strictObject({
    id: z.uuid().meta({ description: 'The event id' }),
    type: z.enum(AGENCY_EVENT_TYPES),
    status: z.enum(['queued', 'sending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
    deliveredAt: timestamp.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

@Controller('agencies/:agencyId')
export class AgencyWebhooksController {
  constructor(private readonly webhooks: AgencyWebhooksService) {}

  @Put('webhook-endpoint')
  @ApiDoc({
    tag: 'Webhook endpoint',
    summary: "Set the endpoint that receives this agency's events",
    description: 'The signing secret is in the answer only when new (first PUT, or `rotateSecret`).',
    responses: { 200: endpointSaved },
  })
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
  @ApiDoc({ tag: 'Webhook endpoint', summary: 'The webhook endpoint (never its secret)', responses: { 200: endpointView } })
  @Roles('owner', 'admin', 'support')
  getEndpoint(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string) {
    return this.webhooks.getEndpoint(agencyId);
  }

  @Get('webhook-deliveries')
  @ApiDoc({
    tag: 'Webhook endpoint',
    summary: 'Event deliveries and their outcome, newest first',
    paginated: true,
    responses: { 200: page(deliverySchema) },
  })
  @Roles('owner', 'admin', 'support')
  listDeliveries(@Param('agencyId', new ZodPipe(uuidParam)) agencyId: string, @Query(new ZodPipe(listQuery)) query: z.output<typeof listQuery>) {
    return this.webhooks.listDeliveries(agencyId, query);
  }
}
