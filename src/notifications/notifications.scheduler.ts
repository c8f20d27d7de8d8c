import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotificationsService } from './notifications.service';

/** Re-enqueues what the outbox still holds: an enqueue lost to a crash, a send cut short. */
@Injectable()
export class NotificationsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsScheduler.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.mail.sweepIntervalSeconds * 1000;
    this.scheduler.addInterval('notifications-sweep', setInterval(() => void this.tick(), every));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const swept = await this.notifications.dispatchPending();
      if (swept.enqueued || swept.resumed) {
        this.logger.log(`Re-enqueued ${swept.enqueued} queued and ${swept.resumed} interrupted notifications`);
      }
    } catch (error) {
      this.logger.error(`Notification sweep failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
