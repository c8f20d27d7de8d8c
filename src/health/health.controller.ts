import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { DependencyHealth } from './dependency-health';
import { ShutdownState } from './shutdown-state';
import { z } from 'zod';
import { ApiDoc } from '../openapi/api-doc';

/** Operations endpoints, at the root without the /v1 prefix. Metrics have their own listener (MetricsServer). */
const upOrDown = z.enum(['up', 'down']);
const readiness = z.strictObject({
  status: z.enum(['ready', 'not_ready', 'shutting_down']),
  checks: z.strictObject({ postgres: upOrDown.optional(), redis: upOrDown.optional() }),
});

@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly dependencies: DependencyHealth,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('health')
  @ApiDoc({ tag: 'Operations', summary: 'Liveness: the process answers', responses: { 200: z.strictObject({ status: z.literal('ok') }) } })
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiDoc({
    tag: 'Operations',
    summary: 'Readiness: PostgreSQL and Redis reachable (503 with Retry-After otherwise)',
    responses: { 200: readiness, 503: readiness },
  })
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
