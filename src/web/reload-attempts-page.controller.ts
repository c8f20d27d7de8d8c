import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ReloadAttemptsService } from '../auto-reload/attempts/reload-attempts.service';
import type { SkipReason } from '../auto-reload/evaluation/reload-rules';
import { SKIP_REASONS, bankAllowSentence } from './words';
import { paymentMethodInWords } from '../notifications/email-templates';
import { ConsolePages, PageAgency, WebPages } from './console-http';
import type { ReachableAgency } from '../auth/console/sign-in.service';

const PAGE_SIZE = 25;

const TRIGGERS: Record<string, string> = {
  threshold: 'Automatic: funds dropped below the threshold',
  sweep: 'Automatic: periodic check',
  manual: 'Top-up',
  support_retry: 'Retried by support',
};

const STATUSES: Record<string, string> = {
  processing: 'Processing',
  pending_clearance: 'Pending: bank payment clearing',
  succeeded: 'Succeeded',
  failed: 'Declined',
  requires_action: 'Waiting for the bank’s confirmation',
  skipped: 'Not charged',
};

/** `/billing/:agencyId/reload-attempts`: every reload and top-up, newest first, in words. */
@Controller('billing/:agencyId/reload-attempts')
@ConsolePages()
export class ReloadAttemptsPageController {
  constructor(
    private readonly pages: WebPages,
    private readonly attempts: ReloadAttemptsService,
  ) {}

  @Get()
  async list(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply, @Query('before') before?: string) {
    const cursor = before && /^\d{1,19}$/.test(before) ? before : undefined;
    const page = await this.attempts.list(agency.id, { limit: PAGE_SIZE, cursor });
    const rows = page.data.map((attempt) => ({
      ...attempt,
      trigger: TRIGGERS[attempt.trigger] ?? attempt.trigger,
      status: STATUSES[attempt.status] ?? attempt.status,
      statusKey: attempt.status,
      method: attempt.paymentMethod ? paymentMethodInWords(attempt.paymentMethod) : null,
      bankAllow: attempt.declineReason ? bankAllowSentence(attempt.statementDescriptor) : null,
      reason: attempt.skipReason ? (SKIP_REASONS[attempt.skipReason as SkipReason] ?? attempt.skipReason) : null,
      authenticateUrl: attempt.status === 'requires_action' ? `/billing/${agency.id}/reload-attempts/${attempt.id}/authenticate` : null,
    }));
    return this.pages.send(reply, 'billing/reload-attempts', {
      title: `${agency.name} · Reload attempts`,
      nav: 'reload-attempts',
      rows,
      next: page.nextCursor ? `/billing/${agency.id}/reload-attempts?before=${page.nextCursor}` : null,
      first: cursor ? `/billing/${agency.id}/reload-attempts` : null,
    });
  }
}
