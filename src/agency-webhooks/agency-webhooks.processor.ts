import { OnQueueCompleted, OnQueueFailed, Process, Processor, getQueueToken } from '@nestjs/bull';
import { type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job } from 'bull';
import { MetricsService } from '../health/metrics.service';
import { runOutboxJob } from '../outbox/outbox';
import { Queues } from '../queues/queues';
import { AgencyWebhookDeliveryService } from './agency-webhook-delivery.service';
import type { AgencyWebhookJob } from './agency-webhooks.service';

@Processor(Queues.AgencyWebhooks)
export class AgencyWebhooksProcessor implements OnModuleInit {
  constructor(
    private readonly delivery: AgencyWebhookDeliveryService,
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.metrics.watchQueue(this.moduleRef.get(getQueueToken(Queues.AgencyWebhooks), { strict: false }));
  }

  /** Several at once: one slow endpoint must not hold up every other agency's events. */
  @Process({ concurrency: 8 })
  async send(job: Job<AgencyWebhookJob>): Promise<string> {
    return runOutboxJob(
      job,
      (attempt) => this.delivery.deliver(job.data.deliveryId, attempt),
      (kind) => this.metrics.webhookDeliveries.inc({ outcome: kind }),
    );
  }

  @OnQueueCompleted()
  completed(): void {
    this.metrics.jobFinished(Queues.AgencyWebhooks, 'completed');
  }

  @OnQueueFailed()
  failed(): void {
    this.metrics.jobFinished(Queues.AgencyWebhooks, 'failed');
  }
}
