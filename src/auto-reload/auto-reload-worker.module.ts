import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { AutoReloadModule } from './auto-reload.module';
import { AutoReloadProcessor } from './auto-reload.processor';
import { AutoReloadScheduler } from './auto-reload.scheduler';

/** The processors and schedules of auto-reload: only worker processes import this. */
@Module({
  imports: [AutoReloadModule, HealthModule],
  providers: [AutoReloadProcessor, AutoReloadScheduler],
})
export class AutoReloadWorkerModule {}
