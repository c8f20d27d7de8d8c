import { OnQueueCompleted, OnQueueFailed, Process, Processor, getQueueToken } from '@nestjs/bull';
import { type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job } from 'bull';
import { MetricsService } from '../health/metrics.service';
import { Queues } from '../queues/queues';
import { AgencyWebhookDeliveryService } from './agency-webhook-delivery.service';
import type { AgencyWebhookJob } from './agency-webhooks.service';

/** A delivery that should be tried again; Bull applies the backoff. */
class RetryLaterError extends Error {}

/** A delivery given up for good: failing the job keeps it in Bull's failed set, support's dead letters (as for emails). */
class DeliveryFailedError extends Error {}

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
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(job.data.deliveryId, { final });
    if (outcome.kind !== 'not-claimed') this.metrics.webhookDeliveries.inc({ outcome: outcome.kind });
    if (outcome.kind === 'retry') throw new RetryLaterError(outcome.error);
    if (outcome.kind === 'failed') {
      // No retry is left to spend (or the endpoint was turned off): straight to the failed set.
      await job.discard();
      throw new DeliveryFailedError(outcome.error);
    }
    return outcome.kind;
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
