import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '../../audit/audit.service';
import { NotFoundError, ValidationError } from '../../common/errors';
import { Database } from '../../database/database';
import { type AgencyDirectory, agencyDirectoryIn } from '../agency-directory';
import type { Principal } from '../principal';
import { ConsoleSessionsRepository, type MemberRole, type MemberRow } from './console-sessions.repository';
import { SignInService } from './sign-in.service';

interface Actor {
  principal: Principal;
  requestId: string;
}

const memberView = (member: MemberRow) => ({
  id: member.id,
  email: member.email,
  role: member.role,
  invitedBy: member.invitedBy,
  createdAt: member.createdAt.toISOString(),
});

/**
 * The people an owner lets into the console besides the account's owner email: `owner` members
 * may do everything an owner key may, `viewer` members only look. An invitation is a sign-in link
 * by email, written in the same transaction as the member (so it is sent exactly when they exist).
 */
@Injectable()
export class MembersService {
  /** Found when first needed: agencies/ provides it (see AgencyDirectory). */
  private readonly agencies = (): AgencyDirectory => agencyDirectoryIn(this.modules);

  constructor(
    private readonly db: Database,
    private readonly repository: ConsoleSessionsRepository,
    private readonly signIn: SignInService,
    private readonly audit: AuditService,
    private readonly modules: ModuleRef,
  ) {}

  async list(agencyId: string) {
    const [agency, members] = await Promise.all([this.agencies().agency(agencyId), this.repository.members(agencyId)]);
    return { ownerEmail: agency.ownerEmail, members: members.map(memberView) };
  }

  async invite(actor: Actor, agencyId: string, input: { email: string; role: MemberRole }) {
    const agency = await this.agencies().agency(agencyId);
    if (agency.ownerEmail.toLowerCase() === input.email.toLowerCase()) {
      throw new ValidationError('This address is the account owner’s: it may always sign in', {
        fields: [{ path: 'email', message: 'is the account owner’s address, which may always sign in' }],
      });
    }
    const member = await this.db.transaction(async (tx) => {
      const member = await this.repository.upsertMember(tx, {
        id: randomUUID(),
        agencyId,
        email: input.email,
        role: input.role,
        invitedBy: actor.principal.name ?? actor.principal.id,
      });
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'console_member.invited',
        targetType: 'console_member',
        targetId: member.id,
        after: memberView(member),
        requestId: actor.requestId,
      });
      await this.signIn.issueLink(tx, member.email, `/billing/${agencyId}`, {
        agencyName: agency.name,
        invitedBy: actor.principal.name ?? 'An owner',
        role: member.role,
      });
      return member;
    });
    return memberView(member);
  }

  async changeRole(actor: Actor, agencyId: string, memberId: string, role: MemberRole) {
    const before = await this.repository.member(agencyId, memberId);
    if (!before) throw new NotFoundError('Member');
    await this.db.transaction(async (tx) => {
      await this.repository.updateMemberRole(tx, agencyId, memberId, role);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'console_member.role_changed',
        targetType: 'console_member',
        targetId: memberId,
        before: { email: before.email, role: before.role },
        after: { email: before.email, role },
        requestId: actor.requestId,
      });
    });
    return { ...memberView(before), role };
  }

  /** Takes effect at once: what a session may reach is looked up on every request. */
  async remove(actor: Actor, agencyId: string, memberId: string) {
    const before = await this.repository.member(agencyId, memberId);
    if (!before) throw new NotFoundError('Member');
    await this.db.transaction(async (tx) => {
      await this.repository.deleteMember(tx, agencyId, memberId);
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'console_member.removed',
        targetType: 'console_member',
        targetId: memberId,
        before: memberView(before),
        requestId: actor.requestId,
      });
    });
    return memberView(before);
  }
}
