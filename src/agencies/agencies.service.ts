import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../common/errors';
import { Database, type Tx } from '../database/database';
import { formatMoney, type Micros } from '../database/money';
import type { Agency, Subteam } from './agency.entity';
import { AgenciesRepository } from './agencies.repository';
import { ApiKeysService } from '../auth/api-keys.service';
import { WalletService } from '../wallet/wallet.service';
import { present } from '../common/present';

export interface Actor {
  principal: Principal;
  requestId: string;
}

/** Support's changes carry a reason, and a repeated one (a double submit) that changes nothing records nothing. */
export interface ChangeOptions {
  reason?: string;
  skipUnchanged?: boolean;
}

export interface AgencyWithWallet {
  agency: Agency;
  walletId: string;
  currency: string;
}

export function agencyView({ agency, walletId, currency }: AgencyWithWallet) {
  return {
    id: agency.id,
    name: agency.name,
    ownerEmail: agency.ownerEmail,
    billingEmails: agency.billingEmails,
    paused: agency.paused,
    maxCallOverrun: formatMoney(agency.maxCallOverrunMicros),
    timeZone: agency.timeZone,
    currency,
    walletId,
    createdAt: agency.createdAt.toISOString(),
    updatedAt: agency.updatedAt.toISOString(),
  };
}

export function subteamView(subteam: Subteam) {
  return {
    id: subteam.id,
    agencyId: subteam.agencyId,
    name: subteam.name,
    paused: subteam.paused,
    dailySpendLimit: optionalMoney(subteam.dailySpendLimitMicros),
    monthlySpendLimit: optionalMoney(subteam.monthlySpendLimitMicros),
    createdAt: subteam.createdAt.toISOString(),
    updatedAt: subteam.updatedAt.toISOString(),
  };
}

const optionalMoney = (micros: Micros | null | undefined) => (micros === null || micros === undefined ? null : formatMoney(micros));

@Injectable()
export class AgenciesService {
  constructor(
    private readonly db: Database,
    private readonly repository: AgenciesRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly wallets: WalletService,
  ) {}

  async createAgency(actor: Actor, input: { name: string; ownerEmail: string; currency: string; timeZone?: string }) {
    const key = this.apiKeys.issue('owner');
    const created = await this.db.transaction(async (tx) => {
      const agency = await this.repository.createAgency(tx, input);
      const wallet = await this.wallets.createWallet(tx, agency.id, input.currency);
      const created: AgencyWithWallet = { agency, walletId: wallet.id, currency: wallet.currency };
      await this.apiKeys.store(tx, key, { role: 'owner', name: 'Owner key', agencyId: created.agency.id });
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId: created.agency.id,
        action: 'agency.created',
        targetType: 'agency',
        targetId: created.agency.id,
        after: agencyView(created),
        requestId: actor.requestId,
      });
      return created;
    });
    return { ...agencyView(created), apiKey: key.apiKey };
  }

  async getAgency(agencyId: string) {
    return agencyView(await this.requireAgency(agencyId));
  }

  async updateAgency(
    actor: Actor,
    agencyId: string,
    patch: { name?: string; billingEmails?: string[]; paused?: boolean; maxCallOverrun?: Micros; timeZone?: string },
    options: ChangeOptions = {},
  ) {
    const updated = await this.db.transaction(async (tx) => {
      const found = await this.findAgency(agencyId, tx);
      if (!found) throw new NotFoundError('Agency');
      const before = agencyView(found);
      const { maxCallOverrun, ...fields } = patch;
      Object.assign(found.agency, definedOnly({ ...fields, maxCallOverrunMicros: maxCallOverrun }));
      await tx.flush();
      const after = agencyView(found);
      if (options.skipUnchanged && unchanged(before, after, Object.keys(patch))) return after;
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'agency.updated',
        targetType: 'agency',
        targetId: agencyId,
        before: pick(before, Object.keys(patch)),
        after: pick(after, Object.keys(patch)),
        reason: options.reason,
        requestId: actor.requestId,
      });
      return after;
    });
    return updated;
  }

  async createSubteam(actor: Actor, agencyId: string, input: { name: string; dailySpendLimit?: Micros | null; monthlySpendLimit?: Micros | null }) {
    await this.requireAgency(agencyId);
    const key = this.apiKeys.issue('subteam');
    const subteam = await this.db.transaction(async (tx) => {
      const subteam = await this.repository.createSubteam(tx, {
        agencyId,
        name: input.name,
        dailySpendLimitMicros: input.dailySpendLimit ?? null,
        monthlySpendLimitMicros: input.monthlySpendLimit ?? null,
      });
      await this.apiKeys.store(tx, key, { role: 'subteam', name: subteam.name, agencyId, subteamId: subteam.id });
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'subteam.created',
        targetType: 'subteam',
        targetId: subteam.id,
        after: subteamView(subteam),
        requestId: actor.requestId,
      });
      return subteam;
    });
    return { ...subteamView(subteam), apiKey: key.apiKey };
  }

  /** Each subteam with its spend today and this month against its limits. */
  async listSubteams(agencyId: string) {
    await this.requireAgency(agencyId);
    // Subteams first: one created in between is then in the spend read too.
    const subteams = await this.repository.findSubteams(agencyId);
    const spend = await this.wallets.subteamSpend(agencyId);
    return {
      data: subteams.map((subteam) => ({ ...subteamView(subteam), spend: present(spend.get(subteam.id), `the spend of subteam ${subteam.id}`) })),
    };
  }

  async updateSubteam(
    actor: Actor,
    agencyId: string,
    subteamId: string,
    patch: { name?: string; paused?: boolean; dailySpendLimit?: Micros | null; monthlySpendLimit?: Micros | null },
    options: ChangeOptions = {},
  ) {
    return this.db.transaction(async (tx) => {
      const subteam = await this.repository.findSubteam(tx, agencyId, subteamId);
      if (!subteam) throw new NotFoundError('Subteam');
      const before = subteamView(subteam);
      Object.assign(
        subteam,
        definedOnly({
          name: patch.name,
          paused: patch.paused,
          dailySpendLimitMicros: patch.dailySpendLimit,
          monthlySpendLimitMicros: patch.monthlySpendLimit,
        }),
      );
      await tx.flush();
      const after = subteamView(subteam);
      if (options.skipUnchanged && unchanged(before, after, Object.keys(patch))) return after;
      await this.audit.record(tx, {
        actor: actor.principal,
        agencyId,
        action: 'subteam.updated',
        targetType: 'subteam',
        targetId: subteamId,
        before: pick(before, Object.keys(patch)),
        after: pick(after, Object.keys(patch)),
        reason: options.reason,
        requestId: actor.requestId,
      });
      return after;
    });
  }

  async requireAgency(agencyId: string): Promise<AgencyWithWallet> {
    const found = await this.findAgency(agencyId);
    if (!found) throw new NotFoundError('Agency');
    return found;
  }

  private async findAgency(agencyId: string, tx?: Tx): Promise<AgencyWithWallet | null> {
    const agency = await this.repository.findAgency(agencyId, tx);
    return agency && this.withWallet(agency, tx);
  }

  private async withWallet(agency: Agency, tx?: Tx): Promise<AgencyWithWallet> {
    const wallet = await this.wallets.walletOfAgency(agency.id, tx);
    return { agency, walletId: wallet.id, currency: wallet.currency };
  }

  async searchAgencies(query: string, limit: number) {
    const agencies = await this.repository.searchAgencies(query, limit);
    return { data: (await Promise.all(agencies.map((agency) => this.withWallet(agency)))).map(agencyView) };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function unchanged(before: Record<string, unknown>, after: Record<string, unknown>, keys: string[]): boolean {
  return JSON.stringify(pick(before, keys)) === JSON.stringify(pick(after, keys));
}

function pick(view: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, view[key]]));
}

export type { Agency };
