import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { AgencyWebhookDeliveryService } from './agency-webhook-delivery.service';
import { AgencyWebhookGateway } from './agency-webhook.gateway';
import { AgencyWebhooksModule } from './agency-webhooks.module';
import { AgencyWebhooksProcessor } from './agency-webhooks.processor';
import { AgencyWebhooksScheduler } from './agency-webhooks.scheduler';

/** Sending: imported only by WorkerModule, so ROLE=api processes never call agencies' endpoints. */
@Module({
  imports: [AgencyWebhooksModule, HealthModule],
  providers: [AgencyWebhookGateway, AgencyWebhookDeliveryService, AgencyWebhooksProcessor, AgencyWebhooksScheduler],
})
export class AgencyWebhooksWorkerModule {}
