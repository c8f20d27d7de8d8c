import { OnQueueCompleted, OnQueueFailed, Process, Processor, getQueueToken } from '@nestjs/bull';
import { type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job } from 'bull';
import { MetricsService } from '../health/metrics.service';
import { Queues } from '../queues/queues';
import { NotificationDeliveryService } from './notification-delivery.service';
import type { NotificationJob } from './notifications.service';

/** A delivery that should be tried again; Bull applies the backoff. */
class RetryLaterError extends Error {}

/** A delivery given up for good: failing the job keeps it in Bull's failed set, support's dead letters. */
class DeliveryFailedError extends Error {}

@Processor(Queues.Notifications)
export class NotificationsProcessor implements OnModuleInit {
  constructor(
    private readonly delivery: NotificationDeliveryService,
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.metrics.watchQueue(this.moduleRef.get(getQueueToken(Queues.Notifications), { strict: false }));
  }

  @Process({ concurrency: 4 })
  async send(job: Job<NotificationJob>): Promise<string> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(job.data.notificationId, { final });
    if (outcome.kind !== 'not-claimed') this.metrics.emailDeliveries.inc({ outcome: outcome.kind });
    if (outcome.kind === 'retry') throw new RetryLaterError(outcome.error);
    if (outcome.kind === 'failed') {
      // No retry is left to spend: move the job straight to the failed set.
      await job.discard();
      throw new DeliveryFailedError(outcome.error);
    }
    return outcome.kind;
  }

  @OnQueueCompleted()
  completed(): void {
    this.metrics.jobFinished(Queues.Notifications, 'completed');
  }

  @OnQueueFailed()
  failed(): void {
    this.metrics.jobFinished(Queues.Notifications, 'failed');
  }
}
