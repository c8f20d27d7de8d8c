import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SchedulerTicks } from '../database/scheduler-ticks';
import { CardExpiryService } from './card-expiry.service';

/** How often a worker looks whether the period's reminders have run; they run once per period across processes. */
const POLL_SECONDS = 3600;

/**
 * The daily card-expiry reminders. A worker looks at boot and then every hour, and runs them when
 * no process has yet this period (`CARD_EXPIRY_CHECK_SECONDS`, a day by default), so workers that
 * restart more often than daily still send them.
 */
@Injectable()
export class CardExpiryScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CardExpiryScheduler.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly ticks: SchedulerTicks,
    private readonly reminders: CardExpiryService,
  ) {}

  onApplicationBootstrap(): void {
    const period = this.config.cardExpiry.checkIntervalSeconds;
    this.scheduler.addInterval(
      'card-expiry',
      setInterval(() => void this.tick(), Math.min(period, POLL_SECONDS) * 1000),
    );
    setImmediate(() => void this.tick());
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (await this.ticks.claim('card-expiry', this.config.cardExpiry.checkIntervalSeconds)) {
        const sent = await this.reminders.sendReminders();
        if (sent) this.logger.log(`Sent ${sent} card-expiry reminders`);
      }
    } catch (error) {
      this.logger.error(`Card-expiry reminders failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
