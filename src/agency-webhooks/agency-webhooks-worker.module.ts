import { Module } from '@nestjs/common';
import { AgencyWebhookDeliveryService } from './agency-webhook-delivery.service';
import { AgencyWebhookGateway } from './agency-webhook.gateway';
import { AgencyWebhooksProcessor } from './agency-webhooks.processor';
import { AgencyWebhooksScheduler } from './agency-webhooks.scheduler';

/** Sending: imported only by WorkerModule, so ROLE=api processes never call agencies' endpoints. */
@Module({
  providers: [AgencyWebhookGateway, AgencyWebhookDeliveryService, AgencyWebhooksProcessor, AgencyWebhooksScheduler],
})
export class AgencyWebhooksWorkerModule {}
