import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { billingEmailsField } from '../agencies/agencies.schemas';
import { lowBalanceAlertBody } from '../alerts/alerts.schemas';
import { LowBalanceAlertService } from '../alerts/low-balance-alert.service';
import { ValidationError } from '../common/errors';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { validationError } from '../common/validation';
import { ConsolePages, CurrentSession, OwnerOnly, PageAgency, WebPages, consoleActor } from './console-http';
import { type FieldErrors, type FormValues, fieldErrorsOf, ticked, typedAmount } from './forms';
import type { ConsoleSession, ReachableAgency } from '../auth/console/sign-in.service';

/** `/billing/:agencyId/alerts`: the low-balance alert and who receives the billing emails. */
@Controller('billing/:agencyId/alerts')
@ConsolePages()
export class AlertsPageController {
  constructor(
    private readonly pages: WebPages,
    private readonly alerts: LowBalanceAlertService,
    private readonly agencies: AgenciesService,
  ) {}

  @Get()
  async show(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply) {
    return this.page(reply, agency, {});
  }

  @Post('low-balance')
  @OwnerOnly()
  @AgencyLimit('emails')
  async saveAlert(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const alert = { enabled: String(ticked(body.enabled)), threshold: typedAmount(body.threshold) };
    try {
      const parsed = lowBalanceAlertBody.safeParse({ enabled: alert.enabled === 'true', threshold: alert.threshold });
      if (!parsed.success) throw validationError(parsed.error);
      await this.alerts.updateSettings(consoleActor(session, agency.id, reply.request.id), agency.id, {
        enabled: parsed.data.enabled,
        thresholdMicros: parsed.data.threshold,
      });
      return this.page(reply, agency, { notice: { kind: 'success', text: 'Low-balance alert saved.' } });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return this.page(reply, agency, { alert, errors: fieldErrorsOf(error, ['enabled', 'threshold']) }, 422);
    }
  }

  @Post('contacts')
  @OwnerOnly()
  async saveContacts(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = typeof body.billingEmails === 'string' ? body.billingEmails : '';
    const list = typed.split(/[\s,;]+/).filter(Boolean);
    const parsed = billingEmailsField.safeParse(list);
    if (!parsed.success) {
      const bad = parsed.error.issues.map((issue) => list[Number(issue.path[0])]).filter(Boolean);
      const message = bad.length ? `Not an email address: ${bad.join(', ')}.` : 'At most 20 addresses.';
      return this.page(reply, agency, { contacts: typed, errors: { billingEmails: message } }, 422);
    }
    await this.agencies.updateAgency(consoleActor(session, agency.id, reply.request.id), agency.id, { billingEmails: parsed.data });
    return this.page(reply, agency, {
      notice: { kind: 'success', text: parsed.data.length ? 'Billing contacts saved.' : 'Billing contacts cleared: emails go to the owner.' },
    });
  }

  private async page(
    reply: FastifyReply,
    agency: ReachableAgency,
    extra: { alert?: FormValues; contacts?: string; errors?: FieldErrors; notice?: unknown },
    status = 200,
  ) {
    const [settings, details] = await Promise.all([this.alerts.getSettings(agency.id), this.agencies.getAgency(agency.id)]);
    return this.pages.send(
      reply,
      'billing/alerts',
      {
        title: `${agency.name} · Alerts & contacts`,
        nav: 'alerts',
        settings,
        ownerEmail: details.ownerEmail,
        billingEmails: details.billingEmails,
        alert: extra.alert ?? { enabled: String(settings.enabled), threshold: settings.threshold },
        contacts: extra.contacts ?? details.billingEmails.join('\n'),
        errors: extra.errors ?? {},
        notice: extra.notice,
      },
      status,
    );
  }
}
