import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { Database, sql } from '../database/database';
import { RedisClient } from './redis.provider';

/** Operations endpoints, at the root without the /v1 prefix. Metrics have their own listener (MetricsServer). */
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly redis: RedisClient,
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
