import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SchedulerTicks } from '../database/scheduler-ticks';
import { AutoReloadRepository } from './auto-reload.repository';
import { AutoReloadService } from './auto-reload.service';
import { ReconciliationService } from './reconciliation.service';

/**
 * The sweep catches whatever the debit hook missed; reconciliation catches whatever Stripe's
 * webhooks and our workers missed. Cron only enqueues or repairs; each tick runs once across all
 * processes (SchedulerTicks).
 */
@Injectable()
export class AutoReloadScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AutoReloadScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly ticks: SchedulerTicks,
    private readonly repository: AutoReloadRepository,
    private readonly autoReload: AutoReloadService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  onApplicationBootstrap(): void {
    const { sweepIntervalSeconds, reconcileIntervalSeconds } = this.config.autoReload;
    this.every('auto-reload-sweep', sweepIntervalSeconds, () => this.sweep());
    this.every('reconciliation', reconcileIntervalSeconds, async () => {
      const report = await this.reconciliation.run();
      if (report.findings.length || report.redriven) {
        this.logger.log(`Reconciliation: ${report.findings.length} findings, ${report.redriven} attempts driven again`);
      }
    });
  }

  async sweep(): Promise<number> {
    const below = await this.repository.walletsBelowThreshold(1000);
    for (const wallet of below) await this.autoReload.requestEvaluation({ ...wallet, trigger: 'sweep' });
    return below.length;
  }

  private every(name: string, seconds: number, work: () => Promise<unknown>): void {
    const run = async () => {
      try {
        if (await this.ticks.claim(name, seconds)) await work();
      } catch (error) {
        this.logger.error(`${name} failed: ${String(error)}`);
      }
    };
    this.scheduler.addInterval(name, setInterval(() => void run(), seconds * 1000));
  }
}
