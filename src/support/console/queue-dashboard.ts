import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import { Queues } from '../../queues/queues';
import { type ConsoleRequest, SignInRequiredError } from '../../web/console-http';
import { SignInService } from '../../auth/console/sign-in.service';
import { supportSessionOf } from './support-console.guard';

export const QUEUE_DASHBOARD_PATH = '/support/queues';

/**
 * The queue dashboard (bull-board) at `/support/queues`, behind the support console's sign-in:
 * without a session the browser is sent to sign in and back, anyone but a support user or admin
 * gets 404. Read-only: retrying or removing a job here would skip the reason and the audit log
 * every support action has (the console's actions do that instead).
 */
export function registerQueueDashboard(app: NestFastifyApplication): void {
  let signIn: SignInService;
  try {
    signIn = app.get(SignInService, { strict: false });
  } catch {
    return; // a process without the console (a worker) serves no dashboard
  }
  const queues: Queue[] = [];
  for (const name of Object.values(Queues)) {
    try {
      queues.push(app.get<Queue>(getQueueToken(name), { strict: false }));
    } catch {
      // a queue this process does not register
    }
  }
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Agency Wallet queues' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      try {
        await supportSessionOf(signIn, request as ConsoleRequest);
      } catch (error) {
        if (error instanceof SignInRequiredError) return reply.redirect(`/sign-in?next=${encodeURIComponent(QUEUE_DASHBOARD_PATH)}`, 303);
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
