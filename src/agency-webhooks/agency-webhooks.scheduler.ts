import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { everySeconds } from '../queues/lease';
import { AgencyWebhooksService } from './agency-webhooks.service';

/**
 * Re-enqueues what the deliveries outbox still holds: an enqueue lost to a crash (every sweep
 * interval), and a request cut short by a stopped worker (every few seconds). Both also run as a
 * worker boots.
 */
@Injectable()
export class AgencyWebhooksScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgencyWebhooksScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly webhooks: AgencyWebhooksService,
  ) {}

  onApplicationBootstrap(): void {
    const failed = (what: string) => (error: unknown) => this.logger.error(`${what} failed: ${String(error)}`);
    this.scheduler.addInterval(
      'agency-webhooks-sweep',
      everySeconds(this.config.agencyWebhooks.sweepIntervalSeconds, () => this.sweep(), failed('Webhook delivery sweep')),
    );
    this.scheduler.addInterval(
      'agency-webhooks-takeover',
      everySeconds(this.config.recovery.takeoverIntervalSeconds, () => this.takeOver(), failed('Webhook delivery takeover')),
    );
  }

  async sweep(): Promise<void> {
    const enqueued = await this.webhooks.sweep();
    if (enqueued) this.logger.log(`Re-enqueued ${enqueued} webhook deliveries`);
  }

  async takeOver(): Promise<void> {
    const { resumed } = await this.webhooks.resumeInterrupted();
    if (resumed) this.logger.log(`Resuming ${resumed} webhook deliveries a stopped worker left mid-request`);
  }
}
