import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { everySeconds } from '../queues/lease';
import { NotificationsService } from './notifications.service';

/**
 * Re-enqueues what the outbox still holds: an enqueue lost to a crash (every sweep interval), and
 * a send cut short by a stopped worker (every few seconds). Both also run as a worker boots.
 */
@Injectable()
export class NotificationsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onApplicationBootstrap(): void {
    const failed = (what: string) => (error: unknown) => this.logger.error(`${what} failed: ${String(error)}`);
    this.scheduler.addInterval(
      'notifications-sweep',
      everySeconds(this.config.mail.sweepIntervalSeconds, () => this.sweep(), failed('Notification sweep')),
    );
    this.scheduler.addInterval(
      'notifications-takeover',
      everySeconds(this.config.recovery.takeoverIntervalSeconds, () => this.takeOver(), failed('Notification takeover')),
    );
  }

  async sweep(): Promise<void> {
    const enqueued = await this.notifications.sweep();
    if (enqueued) this.logger.log(`Re-enqueued ${enqueued} queued notifications`);
  }

  async takeOver(): Promise<void> {
    const { resumed } = await this.notifications.resumeInterrupted();
    if (resumed) this.logger.log(`Resuming ${resumed} notifications a stopped worker left mid-send`);
  }
}
