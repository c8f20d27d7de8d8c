import { OnQueueCompleted, OnQueueFailed, Process, Processor, getQueueToken } from '@nestjs/bull';
import { type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job } from 'bull';
import { MetricsService } from '../health/metrics.service';
import { runOutboxJob } from '../outbox/outbox';
import { Queues } from '../queues/queues';
import { NotificationDeliveryService } from './notification-delivery.service';
import type { NotificationJob } from './notifications.service';

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
    return runOutboxJob(
      job,
      (attempt) => this.delivery.deliver(job.data.notificationId, attempt),
      (kind) => this.metrics.emailDeliveries.inc({ outcome: kind }),
    );
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
