import { Injectable } from '@nestjs/common';
import { Database, type Tx, sql } from '../database/database';
import { toDate } from '../database/values';

export type MemberRole = 'owner' | 'viewer';

/** An agency a person may open in the console, and as what. */
export interface ReachableAgency {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  role: MemberRole;
}

export interface SessionRow {
  email: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface MemberRow {
  id: string;
  agencyId: string;
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: Date;
}

type RawMember = { id: string; agency_id: string; email: string; role: MemberRole; invited_by: string; created_at: Date | string };
const toMember = (row: RawMember): MemberRow => ({
  id: row.id,
  agencyId: row.agency_id,
  email: row.email,
  role: row.role,
  invitedBy: row.invited_by,
  createdAt: toDate(row.created_at),
});

/** Sign-in links, browser sessions and invited members. Tokens and session ids arrive hashed. */
@Injectable()
export class ConsoleRepository {
  constructor(private readonly db: Database) {}

  /**
   * Who an address is to the console: the agencies whose owner email it is (as owner), those that
   * invited it (with the invited role; an owner email wins over an invitation), and whether it is an
   * active support user. Emails compare case-insensitively.
   */
  async accessOf(email: string, tx?: Tx): Promise<{ agencies: ReachableAgency[]; supportUserId: string | null; supportIsAdmin: boolean }> {
    const agencies = await this.db.rows(
      sql<{ id: string; name: string; currency: string; time_zone: string; role: MemberRole }>`
        select a.id, a.name, w.currency, a.time_zone,
          case when lower(a.owner_email) = lower(${email}) or bool_or(m.role = 'owner') then 'owner' else 'viewer' end as role
        from agencies a
        join wallets w on w.agency_id = a.id
        left join console_members m on m.agency_id = a.id and lower(m.email) = lower(${email})
        where lower(a.owner_email) = lower(${email}) or m.id is not null
        group by a.id, w.currency
        order by lower(a.name), a.id`,
      tx,
    );
    const support = await this.db.one(
      sql<{ id: string; is_admin: boolean }>`select id, is_admin from support_users where lower(email) = lower(${email}) and disabled_at is null`,
      tx,
    );
    return {
      agencies: agencies.map((row) => ({ id: row.id, name: row.name, currency: row.currency, timeZone: row.time_zone, role: row.role })),
      supportUserId: support?.id ?? null,
      supportIsAdmin: support?.is_admin ?? false,
    };
  }

  async insertSignInToken(row: { tokenHash: string; email: string; nextPath: string | null; expiresAt: Date }, tx?: Tx): Promise<void> {
    await this.db.rows(
      sql`insert into sign_in_tokens (token_hash, email, next_path, expires_at)
        values (${row.tokenHash}, ${row.email}, ${row.nextPath}, ${row.expiresAt})`,
      tx,
    );
  }

  /** Uses a token once: the conditional update means two clicks on one link open one session. */
  async useSignInToken(tokenHash: string, now: Date): Promise<{ email: string; nextPath: string | null } | undefined> {
    const row = await this.db.one(
      sql<{ email: string; next_path: string | null }>`
        update sign_in_tokens set used_at = ${now}
        where token_hash = ${tokenHash} and used_at is null and expires_at > ${now}
        returning email, next_path`,
    );
    return row && { email: row.email, nextPath: row.next_path };
  }

  async insertSession(row: { idHash: string; email: string; csrfToken: string; expiresAt: Date }): Promise<void> {
    await this.db.rows(
      sql`insert into web_sessions (id_hash, email, csrf_token, expires_at)
        values (${row.idHash}, ${row.email}, ${row.csrfToken}, ${row.expiresAt})`,
    );
  }

  /** A live session: not ended, not past its absolute end, and seen within the idle limit. */
  async findSession(idHash: string, now: Date, idleSeconds: number): Promise<SessionRow | undefined> {
    const row = await this.db.one(
      sql<{ email: string; csrf_token: string; created_at: Date | string; last_seen_at: Date | string; expires_at: Date | string }>`
        select email, csrf_token, created_at, last_seen_at, expires_at from web_sessions
        where id_hash = ${idHash} and ended_at is null and expires_at > ${now}
          and last_seen_at > ${new Date(now.getTime() - idleSeconds * 1000)}`,
    );
    return (
      row && {
        email: row.email,
        csrfToken: row.csrf_token,
        createdAt: toDate(row.created_at),
        lastSeenAt: toDate(row.last_seen_at),
        expiresAt: toDate(row.expires_at),
      }
    );
  }

  async touchSession(idHash: string, now: Date): Promise<void> {
    await this.db.rows(sql`update web_sessions set last_seen_at = ${now} where id_hash = ${idHash} and ended_at is null`);
  }

  async endSession(idHash: string, now: Date): Promise<void> {
    await this.db.rows(sql`update web_sessions set ended_at = ${now} where id_hash = ${idHash} and ended_at is null`);
  }

  /** Housekeeping: links and sessions a day past their end are of no use to anyone. */
  async deleteExpired(now: Date): Promise<number> {
    const before = new Date(now.getTime() - 24 * 3600 * 1000);
    const tokens = await this.db.rows(sql`delete from sign_in_tokens where expires_at < ${before} returning 1`);
    const sessions = await this.db.rows(sql`delete from web_sessions where expires_at < ${before} or ended_at < ${before} returning 1`);
    return tokens.length + sessions.length;
  }

  async members(agencyId: string): Promise<MemberRow[]> {
    const rows = await this.db.rows(
      sql<RawMember>`select id, agency_id, email, role, invited_by, created_at from console_members
        where agency_id = ${agencyId} order by lower(email)`,
    );
    return rows.map(toMember);
  }

  async member(agencyId: string, memberId: string): Promise<MemberRow | undefined> {
    const row = await this.db.one(
      sql<RawMember>`select id, agency_id, email, role, invited_by, created_at from console_members
        where agency_id = ${agencyId} and id = ${memberId}`,
    );
    return row && toMember(row);
  }

  /** Inserts, or changes the role of an address already invited; returns the member. */
  async upsertMember(tx: Tx, row: { id: string; agencyId: string; email: string; role: MemberRole; invitedBy: string }): Promise<MemberRow> {
    const saved = await this.db.one(
      sql<RawMember>`
        insert into console_members (id, agency_id, email, role, invited_by)
        values (${row.id}, ${row.agencyId}, ${row.email}, ${row.role}, ${row.invitedBy})
        on conflict (agency_id, lower(email)) do update set role = excluded.role, updated_at = now()
        returning id, agency_id, email, role, invited_by, created_at`,
      tx,
    );
    return toMember(saved!);
  }

  async updateMemberRole(tx: Tx, agencyId: string, memberId: string, role: MemberRole): Promise<boolean> {
    const rows = await this.db.rows(
      sql`update console_members set role = ${role}, updated_at = now() where agency_id = ${agencyId} and id = ${memberId} returning 1`,
      tx,
    );
    return rows.length > 0;
  }

  async deleteMember(tx: Tx, agencyId: string, memberId: string): Promise<boolean> {
    const rows = await this.db.rows(sql`delete from console_members where agency_id = ${agencyId} and id = ${memberId} returning 1`, tx);
    return rows.length > 0;
  }
}

/** The figures behind the overview's 30-day chart. */
@Injectable()
export class ConsoleChartsRepository {
  constructor(private readonly db: Database) {}

  /** Spend per local day and subteam, from the subteams' daily counters (days as YYYY-MM-DD). */
  async dailySpend(agencyId: string, from: string, to: string): Promise<{ day: string; subteamId: string; subteamName: string; spentMicros: bigint }[]> {
    const rows = await this.db.rows(
      sql<{ day: string; subteam_id: string; name: string; spent: string }>`
        select to_char(d.day, 'YYYY-MM-DD') as day, s.id as subteam_id, s.name, d.spent_micros::text as spent
        from subteam_daily_spend d join subteams s on s.id = d.subteam_id
        where s.agency_id = ${agencyId} and d.day between ${from}::date and ${to}::date and d.spent_micros <> 0
        order by d.day, lower(s.name), s.id`,
    );
    return rows.map((row) => ({ day: row.day, subteamId: row.subteam_id, subteamName: row.name, spentMicros: BigInt(row.spent) }));
  }

  /**
   * The balance at the end of each local day (`timeZone`) since `since` that had entries, and the
   * balance just before `since` (null when the wallet had no entry yet).
   */
  async closingBalances(walletId: string, since: Date, timeZone: string): Promise<{ opening: bigint | null; days: Map<string, bigint> }> {
    const rows = await this.db.rows(
      sql<{ day: string; balance: string }>`
        select distinct on (day) to_char(created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, balance_after_micros::text as balance
        from ledger_entries where wallet_id = ${walletId} and created_at >= ${since}
        order by day, id desc`,
    );
    const before = await this.db.one(
      sql<{ balance: string }>`
        select balance_after_micros::text as balance from ledger_entries
        where wallet_id = ${walletId} and created_at < ${since} order by id desc limit 1`,
    );
    return { opening: before ? BigInt(before.balance) : null, days: new Map(rows.map((row) => [row.day, BigInt(row.balance)])) };
  }
}
