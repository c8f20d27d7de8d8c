import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { Database, sql } from '../database/database';
import { MetricsService } from './metrics.service';
import { RedisClient } from './redis.provider';

/** Operations endpoints, at the root without the /v1 prefix. */
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly redis: RedisClient,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([this.postgresReachable(), this.redis.ping()]);
    const ready = postgres && redis;
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks: { postgres: up(postgres), redis: up(redis) } };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText() {
    return this.metrics.registry.metrics();
  }

  private async postgresReachable(): Promise<boolean> {
    try {
      await this.db.one(sql`select 1`);
      return true;
    } catch {
      return false;
    }
  }
}

const up = (ok: boolean) => (ok ? 'up' : 'down');
