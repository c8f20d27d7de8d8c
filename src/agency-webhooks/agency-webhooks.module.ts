import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HealthModule } from '../health/health.module';
import { Queues, registerQueues } from '../queues/queues';
import { AgencyWebhooksController } from './agency-webhooks.controller';
import { AgencyWebhooksRepository } from './agency-webhooks.repository';
import { AgencyWebhooksService } from './agency-webhooks.service';
import { WebhookTargets } from './webhook-targets';

/**
 * The outbox side of the agencies' webhooks, in every process: any service may `publish()` inside
 * its own transaction. Sending lives in AgencyWebhooksWorkerModule.
 */
@Module({
  imports: [registerQueues(Queues.AgencyWebhooks), AuditModule, HealthModule],
  controllers: [AgencyWebhooksController],
  providers: [AgencyWebhooksRepository, AgencyWebhooksService, WebhookTargets],
  exports: [AgencyWebhooksService, AgencyWebhooksRepository, WebhookTargets],
})
export class AgencyWebhooksModule {}
