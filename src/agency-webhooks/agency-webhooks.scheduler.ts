import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AgencyWebhooksService } from './agency-webhooks.service';

/** Re-enqueues what the deliveries outbox still holds: an enqueue lost to a crash, a send cut short. */
@Injectable()
export class AgencyWebhooksScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgencyWebhooksScheduler.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly webhooks: AgencyWebhooksService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.agencyWebhooks.sweepIntervalSeconds * 1000;
    this.scheduler.addInterval('agency-webhooks-sweep', setInterval(() => void this.tick(), every));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const enqueued = await this.webhooks.dispatchPending();
      if (enqueued) this.logger.log(`Re-enqueued ${enqueued} webhook deliveries`);
    } catch (error) {
      this.logger.error(`Webhook delivery sweep failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
