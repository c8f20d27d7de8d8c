import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Database, type Tx, sql } from '../database/database';
import type { Tables } from '../database/tables';
import type { WalletSchema } from '../wallet/wallet.entity';
import { DEFAULT_TIME_ZONE } from '../common/time-zones';
import { Agency, type AgencySchema, DEFAULT_MAX_CALL_OVERRUN_MICROS, Subteam } from './agency.entity';

type ConsoleTables = Tables<typeof AgencySchema | typeof WalletSchema>;

@Injectable()
export class AgenciesRepository {
  constructor(private readonly db: Database) {}

  async agencyExists(agencyId: string): Promise<boolean> {
    return (await this.db.em().findOne(Agency, { id: agencyId }, { fields: ['id'] })) !== null;
  }

  /** The agencies `email` owns (case-insensitively) or whose ids are given, with their wallet's currency, by name. */
  agenciesOf(email: string, agencyIds: string[]) {
    return this.db
      .kysely<ConsoleTables>()
      .selectFrom('agencies as a')
      .innerJoin('wallets as w', 'w.agency_id', 'a.id')
      .select([
        'a.id',
        'a.name',
        'a.owner_email as ownerEmail',
        'a.time_zone as timeZone',
        'w.currency',
        sql<boolean>`lower(a.owner_email) = lower(${email})`.as('owned'),
      ])
      .where((eb) => {
        const owned = eb(sql`lower(a.owner_email)`, '=', sql`lower(${email})`);
        return agencyIds.length === 0 ? owned : eb.or([owned, eb('a.id', '=', eb.fn.any(eb.val(agencyIds)))]);
      })
      .orderBy(sql`lower(a.name)`)
      .orderBy('a.id')
      .execute();
  }

  /** The agency alone: its wallet is wallet/'s to open (`WalletService.createWallet`). */
  async createAgency(tx: Tx, input: { name: string; ownerEmail: string; timeZone?: string }): Promise<Agency> {
    const agency = tx.create(Agency, {
      id: randomUUID(),
      name: input.name,
      ownerEmail: input.ownerEmail,
      billingEmails: [],
      paused: false,
      maxCallOverrunMicros: DEFAULT_MAX_CALL_OVERRUN_MICROS,
      timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    });
    await tx.flush();
    return agency;
  }

  findAgency(agencyId: string, tx?: Tx): Promise<Agency | null> {
    return (tx ?? this.db.em()).findOne(Agency, { id: agencyId });
  }

  async createSubteam(tx: Tx, input: Pick<Subteam, 'agencyId' | 'name' | 'dailySpendLimitMicros' | 'monthlySpendLimitMicros'>): Promise<Subteam> {
    const subteam = tx.create(Subteam, {
      id: randomUUID(),
      agencyId: input.agencyId,
      name: input.name,
      paused: false,
      dailySpendLimitMicros: input.dailySpendLimitMicros ?? null,
      monthlySpendLimitMicros: input.monthlySpendLimitMicros ?? null,
    });
    await tx.flush();
    return subteam;
  }

  findSubteams(agencyId: string): Promise<Subteam[]> {
    return this.db.em().find(Subteam, { agencyId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  findSubteam(tx: Tx, agencyId: string, subteamId: string): Promise<Subteam | null> {
    return tx.findOne(Subteam, { id: subteamId, agencyId });
  }

  /**
   * Agencies matching a support search, newest first. Plain SQL: the search reaches into
   * auto-reload's attempts (a payment intent id), a table this module has no entity for.
   */
  async searchAgencies(query: string, limit: number): Promise<Agency[]> {
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db.rows(sql<{ id: string }>`
      select distinct a.id, a.created_at from agencies a
      left join subteams s on s.agency_id = a.id
      where a.id::text = ${query} or s.id::text = ${query} or a.stripe_customer_id = ${query}
         or exists (select 1 from reload_attempts r where r.agency_id = a.id and r.stripe_payment_intent_id = ${query})
         or lower(a.name) like ${pattern} or lower(a.owner_email) like ${pattern}
         or exists (select 1 from unnest(a.billing_emails) e where lower(e) like ${pattern})
      order by a.created_at desc limit ${limit}`);
    const found = await this.db.em().find(Agency, { id: { $in: rows.map((row) => row.id) } });
    const byId = new Map(found.map((agency) => [agency.id, agency]));
    return rows.flatMap((row) => byId.get(row.id) ?? []);
  }
}
