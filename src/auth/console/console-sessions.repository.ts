import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { Database, type Tx, sql } from '../../database/database';
import type { Tables } from '../../database/tables';
import type { SupportUserSchema } from '../api-key.entity';
import type { ConsoleMemberSchema, MemberRole, SignInTokenSchema, WebSessionSchema } from './console-session.entity';

type ConsoleTables = Tables<typeof ConsoleMemberSchema | typeof SignInTokenSchema | typeof WebSessionSchema | typeof SupportUserSchema>;

export type { MemberRole };

export interface MemberRow {
  id: string;
  agencyId: string;
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: Date;
}

const MEMBER_COLUMNS = ['id', 'agency_id', 'email', 'role', 'invited_by', 'created_at'] as const;
type MemberColumns = Pick<Selectable<ConsoleTables['console_members']>, (typeof MEMBER_COLUMNS)[number]>;
const toMember = (row: MemberColumns): MemberRow => ({
  id: row.id,
  agencyId: row.agency_id,
  email: row.email,
  role: row.role,
  invitedBy: row.invited_by,
  createdAt: row.created_at,
});

/** Sign-in links, browser sessions and invited members. Tokens and session ids arrive hashed. */
@Injectable()
export class ConsoleSessionsRepository {
  constructor(private readonly db: Database) {}

  /** The agencies that invited an address, and as what (emails compare case-insensitively). */
  membershipsOf(email: string): Promise<Array<{ agency_id: string; role: MemberRole }>> {
    return this.db
      .kysely<ConsoleTables>()
      .selectFrom('console_members')
      .select(['agency_id', 'role'])
      .where(sql`lower(email)`, '=', sql`lower(${email})`)
      .execute();
  }

  /** The active support user of an address, if any. */
  activeSupportUser(email: string): Promise<{ id: string; is_admin: boolean } | undefined> {
    return this.db
      .kysely<ConsoleTables>()
      .selectFrom('support_users')
      .select(['id', 'is_admin'])
      .where(sql`lower(email)`, '=', sql`lower(${email})`)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
  }

  async insertSignInToken(row: { tokenHash: string; email: string; nextPath: string | null; expiresAt: Date }, tx?: Tx): Promise<void> {
    await this.db
      .kysely<ConsoleTables>(tx)
      .insertInto('sign_in_tokens')
      .values({ token_hash: row.tokenHash, email: row.email, next_path: row.nextPath, expires_at: row.expiresAt })
      .execute();
  }

  /** Uses a token once: the conditional update means two clicks on one link open one session. */
  async useSignInToken(tokenHash: string, now: Date): Promise<{ email: string; nextPath: string | null } | undefined> {
    return this.db
      .kysely<ConsoleTables>()
      .updateTable('sign_in_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['email', 'next_path as nextPath'])
      .executeTakeFirst();
  }

  async insertSession(row: { idHash: string; email: string; csrfToken: string; expiresAt: Date }): Promise<void> {
    await this.db
      .kysely<ConsoleTables>()
      .insertInto('web_sessions')
      .values({ id_hash: row.idHash, email: row.email, csrf_token: row.csrfToken, expires_at: row.expiresAt })
      .execute();
  }

  /** A live session: not ended, not past its absolute end, and seen within the idle limit. */
  findSession(idHash: string, now: Date, idleSeconds: number): Promise<{ email: string; csrfToken: string; lastSeenAt: Date } | undefined> {
    return this.db
      .kysely<ConsoleTables>()
      .selectFrom('web_sessions')
      .select(['email', 'csrf_token as csrfToken', 'last_seen_at as lastSeenAt'])
      .where('id_hash', '=', idHash)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', new Date(now.getTime() - idleSeconds * 1000))
      .executeTakeFirst();
  }

  async touchSession(idHash: string, now: Date): Promise<void> {
    await this.db
      .kysely<ConsoleTables>()
      .updateTable('web_sessions')
      .set({ last_seen_at: now })
      .where('id_hash', '=', idHash)
      .where('ended_at', 'is', null)
      .execute();
  }

  async endSession(idHash: string, now: Date): Promise<void> {
    await this.db
      .kysely<ConsoleTables>()
      .updateTable('web_sessions')
      .set({ ended_at: now })
      .where('id_hash', '=', idHash)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** Housekeeping: links and sessions a day past their end are of no use to anyone. */
  async deleteExpired(now: Date): Promise<number> {
    const before = new Date(now.getTime() - 24 * 3600 * 1000);
    const db = this.db.kysely<ConsoleTables>();
    const tokens = await db.deleteFrom('sign_in_tokens').where('expires_at', '<', before).executeTakeFirst();
    const sessions = await db
      .deleteFrom('web_sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('ended_at', '<', before)]))
      .executeTakeFirst();
    return Number(tokens.numDeletedRows + sessions.numDeletedRows);
  }

  async members(agencyId: string): Promise<MemberRow[]> {
    const rows = await this.db
      .kysely<ConsoleTables>()
      .selectFrom('console_members')
      .select(MEMBER_COLUMNS)
      .where('agency_id', '=', agencyId)
      .orderBy(sql`lower(email)`)
      .execute();
    return rows.map(toMember);
  }

  async member(agencyId: string, memberId: string): Promise<MemberRow | undefined> {
    const row = await this.db
      .kysely<ConsoleTables>()
      .selectFrom('console_members')
      .select(MEMBER_COLUMNS)
      .where('agency_id', '=', agencyId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    return row && toMember(row);
  }

  /** Inserts, or changes the role of an address already invited; returns the member. */
  async upsertMember(tx: Tx, row: { id: string; agencyId: string; email: string; role: MemberRole; invitedBy: string }): Promise<MemberRow> {
    const saved = await this.db
      .kysely<ConsoleTables>(tx)
      .insertInto('console_members')
      .values({ id: row.id, agency_id: row.agencyId, email: row.email, role: row.role, invited_by: row.invitedBy })
      // The unique index is on (agency_id, lower(email)): an address is invited once per agency whatever its case.
      .onConflict((conflict) =>
        conflict.expression(sql`agency_id, lower(email)`).doUpdateSet((eb) => ({ role: eb.ref('excluded.role'), updated_at: sql<Date>`now()` })),
      )
      .returning(MEMBER_COLUMNS)
      .executeTakeFirstOrThrow();
    return toMember(saved);
  }

  async updateMemberRole(tx: Tx, agencyId: string, memberId: string, role: MemberRole): Promise<boolean> {
    const result = await this.db
      .kysely<ConsoleTables>(tx)
      .updateTable('console_members')
      .set({ role, updated_at: sql<Date>`now()` })
      .where('agency_id', '=', agencyId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async deleteMember(tx: Tx, agencyId: string, memberId: string): Promise<boolean> {
    const result = await this.db
      .kysely<ConsoleTables>(tx)
      .deleteFrom('console_members')
      .where('agency_id', '=', agencyId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
