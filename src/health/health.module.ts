import { Global, Module } from '@nestjs/common';
import { DependencyHealth } from './dependency-health';
import { HealthController } from './health.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';
import { RedisClient } from './redis.provider';

@Global()
@Module({
  controllers: [HealthController],
  providers: [MetricsService, MetricsServer, RedisClient, DependencyHealth],
  exports: [MetricsService, RedisClient, DependencyHealth],
})
export class HealthModule {}
