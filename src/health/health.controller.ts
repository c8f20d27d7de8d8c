import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { DependencyHealth } from './dependency-health';
import { ShutdownState } from './shutdown-state';

/** Operations endpoints, at the root without the /v1 prefix. Metrics have their own listener (MetricsServer). */
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly dependencies: DependencyHealth,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    if (this.shutdown.shuttingDown) {
      void reply.status(503).header('Retry-After', '2');
      return { status: 'shutting_down', checks: {} };
    }
    const [postgres, redis] = await Promise.all([this.dependencies.reachable('PostgreSQL'), this.dependencies.reachable('Redis')]);
    const ready = postgres && redis;
    void reply.status(ready ? 200 : 503);
    if (!ready) void reply.header('Retry-After', '2');
    return { status: ready ? 'ready' : 'not_ready', checks: { postgres: up(postgres), redis: up(redis) } };
  }
}

const up = (ok: boolean) => (ok ? 'up' : 'down');
