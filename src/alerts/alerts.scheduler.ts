import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LowBalanceAlertService } from './low-balance-alert.service';
import { SubteamLimitAlertService } from './subteam-limit-alert.service';

/** Catches the alert transitions a lost event missed, on the same interval as the auto-reload sweep. */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertsScheduler.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly alerts: LowBalanceAlertService,
    private readonly subteamAlerts: SubteamLimitAlertService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.autoReload.sweepIntervalSeconds * 1000;
    this.scheduler.addInterval(
      'alerts-sweep',
      setInterval(() => void this.tick(), every),
    );
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const checked = await this.alerts.sweep();
      if (checked) this.logger.log(`Checked the alerts of ${checked} agencies`);
      await this.subteamAlerts.sweep();
    } catch (error) {
      this.logger.error(`Alert sweep failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
