import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';
import { RedisClient } from './redis.provider';

@Global()
@Module({
  controllers: [HealthController],
  providers: [MetricsService, MetricsServer, RedisClient],
  exports: [MetricsService, RedisClient],
})
export class HealthModule {}
