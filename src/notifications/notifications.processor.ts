import { InjectQueue, OnQueueCompleted, OnQueueFailed, Process, Processor } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { MetricsService } from '../health/metrics.service';
import { Queues } from '../queues/queues';
import { NotificationDeliveryService } from './notification-delivery.service';
import type { NotificationJob } from './notifications.service';

/** A delivery that should be tried again; Bull applies the backoff. */
class RetryLaterError extends Error {}

/** A delivery given up for good: failing the job keeps it in Bull's failed set, support's dead letters. */
class DeliveryFailedError extends Error {}

@Processor(Queues.Notifications)
export class NotificationsProcessor {
  constructor(
    private readonly delivery: NotificationDeliveryService,
    private readonly metrics: MetricsService,
    @InjectQueue(Queues.Notifications) queue: Queue,
  ) {
    metrics.watchQueue(queue);
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
