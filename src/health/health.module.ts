import { Module } from '@nestjs/common';
import { DependencyHealth } from './dependency-health';
import { HealthController } from './health.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';
import { RedisClient } from './redis.provider';
import { ShutdownState } from './shutdown-state';

@Module({
  controllers: [HealthController],
  providers: [MetricsService, MetricsServer, RedisClient, DependencyHealth, ShutdownState],
  exports: [MetricsService, RedisClient, DependencyHealth, ShutdownState],
})
export class HealthModule {}
