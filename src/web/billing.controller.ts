import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsolePages, CurrentSession, PageAgency, WebPages } from './console-http';
import { OverviewService } from './overview.service';
import type { ConsoleSession, ReachableAgency } from '../auth/console/sign-in.service';

/** `/billing` (the agencies a person may open) and `/billing/:agencyId`, the overview every email links to. */
@Controller('billing')
@ConsolePages()
export class BillingController {
  constructor(
    private readonly pages: WebPages,
    private readonly overviews: OverviewService,
  ) {}

  @Get()
  agencies(@CurrentSession() session: ConsoleSession, @Res() reply: FastifyReply) {
    if (session.agencies.length === 1) return reply.redirect(`/billing/${session.agencies[0].id}`, 302);
    return this.pages.send(reply, 'billing/agencies', { title: 'Your agencies', agencies: session.agencies });
  }

  @Get(':agencyId')
  async overview(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply) {
    const overview = await this.overviews.overview(agency.id);
    return this.pages.send(reply, 'billing/overview', { title: `${agency.name} · Overview`, nav: 'overview', ...overview });
  }
}
