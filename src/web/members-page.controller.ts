import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../common/errors';
import { AgencyLimit } from '../auth/rate-limit/agency-limits';
import { validationError, uuidParam } from '../common/validation';
import { ConsolePages, CurrentSession, OwnerOnly, PageAgency, WebPages, consoleActor } from './console-http';
import { type FieldErrors, type FormValues, fieldErrorsOf, typedText } from './forms';
import { MembersService } from '../auth/console/members.service';
import type { ConsoleSession, ReachableAgency } from '../auth/console/sign-in.service';

const role = z.enum(['owner', 'viewer'], { message: 'must be owner or viewer' });
const inviteBody = z.strictObject({ email: z.email({ message: 'must be an email address' }).max(320), role });

/** `/billing/:agencyId/members`: invite by email, change a member's role, remove a member. */
@Controller('billing/:agencyId/members')
@ConsolePages()
export class MembersPageController {
  constructor(
    private readonly pages: WebPages,
    private readonly members: MembersService,
  ) {}

  @Get()
  show(@PageAgency() agency: ReachableAgency, @Res() reply: FastifyReply) {
    return this.page(reply, agency, {});
  }

  @Post()
  @OwnerOnly()
  @AgencyLimit('emails')
  async invite(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const form = { email: typedText(body.email), role: body.role === 'owner' ? 'owner' : 'viewer' };
    try {
      const parsed = inviteBody.safeParse(form);
      if (!parsed.success) throw validationError(parsed.error);
      const member = await this.members.invite(consoleActor(session, agency.id, reply.request.id), agency.id, parsed.data);
      return this.page(reply, agency, {
        notice: {
          kind: 'success',
          text: `Invited ${member.email} as ${member.role === 'owner' ? 'an owner' : 'a viewer'}: a sign-in link is on its way to them.`,
        },
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return this.page(reply, agency, { form, errors: fieldErrorsOf(error, ['email', 'role']) }, 422);
    }
  }

  @Post(':memberId/role')
  @OwnerOnly()
  async changeRole(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Param('memberId') memberId: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const parsed = z.object({ memberId: uuidParam, role }).safeParse({ memberId, role: body.role });
    if (!parsed.success) return this.page(reply, agency, { notice: { kind: 'error', text: 'Choose owner or viewer.' } }, 422);
    const member = await this.members.changeRole(
      consoleActor(session, agency.id, reply.request.id),
      agency.id,
      parsed.data.memberId,
      parsed.data.role,
    );
    return this.page(reply, agency, {
      notice: { kind: 'success', text: `${member.email} is now ${member.role === 'owner' ? 'an owner' : 'a viewer'}.` },
    });
  }

  @Post(':memberId/remove')
  @OwnerOnly()
  async remove(
    @PageAgency() agency: ReachableAgency,
    @CurrentSession() session: ConsoleSession,
    @Param('memberId') memberId: string,
    @Res() reply: FastifyReply,
  ) {
    const id = uuidParam.safeParse(memberId);
    if (!id.success) return this.page(reply, agency, { notice: { kind: 'error', text: 'No such member.' } }, 404);
    const member = await this.members.remove(consoleActor(session, agency.id, reply.request.id), agency.id, id.data);
    return this.page(reply, agency, { notice: { kind: 'success', text: `${member.email} was removed and can no longer open this agency’s pages.` } });
  }

  private async page(
    reply: FastifyReply,
    agency: ReachableAgency,
    extra: { form?: FormValues; errors?: FieldErrors; notice?: unknown },
    status = 200,
  ) {
    const { ownerEmail, members } = await this.members.list(agency.id);
    return this.pages.send(
      reply,
      'billing/members',
      {
        title: `${agency.name} · Members`,
        nav: 'members',
        ownerEmail,
        members,
        form: extra.form ?? { email: '', role: 'viewer' },
        errors: extra.errors ?? {},
        notice: extra.notice,
      },
      status,
    );
  }
}
