import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { endpointBody } from '../agency-webhooks/agency-webhooks.schemas';
import { AgencyWebhooksService } from '../agency-webhooks/agency-webhooks.service';
import type { Actor } from '../agencies/agencies.service';
import { seqCursor, validationError } from '../common/validation';
import { NotificationsService } from '../notifications/notifications.service';
import { ConsolePages, OwnerOnly, PageAgency, WebPages } from './console-http';
import { PageActor } from './page-actor';
import type { ReachableAgency } from '../auth/console/sign-in.service';
import { fieldErrorsOf } from './form-errors';

const NOTIFICATIONS_PAGE = 25;
const RECENT_DELIVERIES = 20;

interface EndpointForm {
  url: string;
  enabled: boolean;
  rotateSecret: boolean;
}

/**
 * What the service told the agency: emails sent (status, when, template) and the webhook endpoint
 * that receives its events, with the recent deliveries. Reads and saves through the API's services.
 */
@Controller('billing/:agencyId/notifications')
@ConsolePages()
export class NotificationsPageController {
  constructor(
    private readonly pages: WebPages,
    private readonly notifications: NotificationsService,
    private readonly webhooks: AgencyWebhooksService,
  ) {}

  @Get()
  async page(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply, @Query('cursor') cursor?: string, @Query('saved') saved?: string) {
    const endpoint = await this.webhooks.getEndpoint(agency.id);
    return this.send(reply, agency, {
      cursor: typeof cursor === 'string' && seqCursor.safeParse(cursor).success ? cursor : undefined,
      form: { url: endpoint.url ?? '', enabled: endpoint.enabled, rotateSecret: false },
      notice: saved !== undefined ? { kind: 'success', text: 'Webhook endpoint saved.' } : undefined,
    });
  }

  @Post('webhook-endpoint')
  @OwnerOnly()
  async saveEndpoint(
    @PageAgency() agency: ReachableAgency,
    @PageActor() actor: Actor,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ) {
    const form: EndpointForm = {
      url: typeof body.url === 'string' ? body.url.trim() : '',
      enabled: body.enabled === 'on' || body.enabled === 'true',
      rotateSecret: body.rotateSecret === 'on' || body.rotateSecret === 'true',
    };
    const parsed = endpointBody.safeParse(form);
    if (!parsed.success) return this.send(reply, agency, { form, errors: fieldErrorsOf(validationError(parsed.error)) }, 422);
    try {
      const saved = await this.webhooks.saveEndpoint(actor, agency.id, parsed.data);
      if (!saved.secret) return reply.redirect(`/billing/${agency.id}/notifications?saved`, 303);
      // A new signing secret is shown on this answer only.
      return this.send(reply, agency, {
        form: { ...form, rotateSecret: false },
        secret: saved.secret,
        notice: { kind: 'success', text: 'Webhook endpoint saved.' },
      });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.send(reply, agency, { form, errors }, 422);
    }
  }

  private async send(
    reply: FastifyReply,
    agency: ReachableAgency,
    extra: { form: EndpointForm; cursor?: string; errors?: Record<string, string> | null; secret?: string; notice?: { kind: string; text: string } },
    status = 200,
  ) {
    const [sent, deliveries] = await Promise.all([
      this.notifications.list(agency.id, { limit: NOTIFICATIONS_PAGE, cursor: extra.cursor }),
      this.webhooks.listDeliveries(agency.id, { limit: RECENT_DELIVERIES }),
    ]);
    return this.pages.send(
      reply,
      'billing/notifications',
      {
        title: `${agency.name} · Notifications`,
        nav: 'notifications',
        notifications: sent.data.map((notification) => ({ ...notification, templateName: notification.template.replace(/-/g, ' ') })),
        olderHref: sent.nextCursor ? `/billing/${agency.id}/notifications?cursor=${sent.nextCursor}` : null,
        newestHref: extra.cursor ? `/billing/${agency.id}/notifications` : null,
        deliveries: deliveries.data,
        ...extra,
      },
      status,
    );
  }
}
