import { createHmac } from 'node:crypto';
import type { Client } from 'pg';
import type { AppConfig } from '../config/config';

/**
 * Tables whose rows are history: the application role may add and read rows, never change, remove
 * or truncate them (it does not own them, so it cannot disable their triggers either). A migration
 * that adds such a table adds its name here.
 */
export const APPEND_ONLY_TABLES = ['ledger_entries', 'audit_log'] as const;

/** Tables the application only reads. */
const READ_ONLY_TABLES = ['mikro_orm_migrations'];

/** What the application's own data rights are: plain DML, on every table the migration role creates. */
const TABLE_RIGHTS = 'select, insert, update, delete';
const SEQUENCE_RIGHTS = 'usage, select';

export interface AppRole {
  name: string;
  /** The URL the application connects with. */
  url: string;
  /** Set when this service chose the role (a local machine), so it may create it and set its password. */
  derivedPassword?: string;
}

/**
 * The role the application connects as. Production names it in DATABASE_URL (and the owner in
 * DATABASE_MIGRATION_URL). A local machine gives one URL, the owner's: the application then connects
 * as `<database>_app`, with a password derived from the owner's, so every process of the service
 * arrives at the same one without storing it, and knowing it reveals nothing about the owner's.
 */
export function appRoleFor(database: AppConfig['database']): AppRole {
  const given = new URL(database.url);
  if (!database.deriveAppRole) return { name: decodeURIComponent(given.username), url: database.url };
  const owner = new URL(database.migrationUrl ?? database.url);
  const name = `${decodeURIComponent(owner.pathname.slice(1)).slice(0, 59)}_app`;
  const password = createHmac('sha256', decodeURIComponent(owner.password)).update(`agency-wallet app role ${name}`).digest('hex');
  const url = new URL(owner);
  url.username = encodeURIComponent(name);
  url.password = password;
  return { name, url: url.toString(), derivedPassword: password };
}

export type Provisioned = 'ready' | 'owner' | 'cannot_create';

/**
 * Makes the application role exist (when this service may create it) and hold exactly its rights:
 * DML on every table, none of UPDATE/DELETE/TRUNCATE on the append-only ones, read-only on the
 * migrations table. Runs after migrations, as the migration (owner) role, at every boot, so tables
 * added by any migration get their grants; default privileges cover tables created otherwise.
 * Returns `owner` when the application role is the owner itself (nothing to grant), and
 * `cannot_create` when the role is missing and the owner may not create roles.
 */
export async function provisionAppRole(owner: Client, role: AppRole): Promise<Provisioned> {
  const me = (
    await owner.query<{ name: string; may_create: boolean }>(
      'select current_user as name, rolsuper or rolcreaterole as may_create from pg_roles where rolname = current_user',
    )
  ).rows[0];
  if (!role.name || role.name === me.name) return 'owner';
  const id = owner.escapeIdentifier(role.name);
  const exists = ((await owner.query('select 1 from pg_roles where rolname = $1', [role.name])).rowCount ?? 0) > 0;
  const password = role.derivedPassword ?? passwordOf(role.url);
  if (!exists) {
    if (!me.may_create) return 'cannot_create';
    await owner.query(`create role ${id} login${password ? ` password ${owner.escapeLiteral(password)}` : ''}`).catch((error: { code?: string }) => {
      // Another database's service may have created the same role a moment ago.
      if (error.code !== '42710') throw error;
    });
  } else if (role.derivedPassword && me.may_create) {
    await owner.query(`alter role ${id} login password ${owner.escapeLiteral(role.derivedPassword)}`);
  }

  const existing = async (tables: readonly string[]) =>
    (await owner.query<{ name: string }>('select t as name from unnest($1::text[]) t where to_regclass(t) is not null', [tables])).rows.map((row) =>
      owner.escapeIdentifier(row.name),
    );
  const appendOnly = await existing(APPEND_ONLY_TABLES);
  const readOnly = await existing(READ_ONLY_TABLES);
  const database = owner.escapeIdentifier((await owner.query<{ name: string }>('select current_database() as name')).rows[0].name);
  await owner.query('begin');
  try {
    await owner.query(`grant connect on database ${database} to ${id}`);
    await owner.query(`grant usage on schema public to ${id}`);
    // From nothing to exactly the rights below, whatever an earlier version or a person granted.
    await owner.query(`revoke all on all tables in schema public from ${id}`);
    await owner.query(`revoke all on all sequences in schema public from ${id}`);
    await owner.query(`grant ${TABLE_RIGHTS} on all tables in schema public to ${id}`);
    await owner.query(`grant ${SEQUENCE_RIGHTS} on all sequences in schema public to ${id}`);
    if (appendOnly.length) await owner.query(`revoke update, delete on ${appendOnly.join(', ')} from ${id}`);
    if (readOnly.length) await owner.query(`revoke insert, update, delete on ${readOnly.join(', ')} from ${id}`);
    await owner.query(`alter default privileges in schema public grant ${TABLE_RIGHTS} on tables to ${id}`);
    await owner.query(`alter default privileges in schema public grant ${SEQUENCE_RIGHTS} on sequences to ${id}`);
    await owner.query('commit');
  } catch (error) {
    await owner.query('rollback').catch(() => undefined);
    throw error;
  }
  return 'ready';
}

/**
 * What is unsafe about the role the application connects as, checked over its own connection: a
 * superuser, a role that may create roles (and so grant itself the owner's), one that owns tables
 * or is a member of their owner (it could alter them, or disable their triggers), or one that may
 * change history.
 */
export async function appRoleProblems(app: Client): Promise<string[]> {
  const role = (
    await app.query<{ name: string; superuser: boolean; createrole: boolean; owned: number }>(
      `select r.rolname as name, r.rolsuper as superuser, r.rolcreaterole as createrole,
       (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'MEMBER')) as owned
     from pg_roles r where r.rolname = current_user`,
    )
  ).rows[0];
  const rewritable = (
    await app.query<{ name: string }>(
      `select t as name from unnest($1::text[]) t
     where to_regclass(t) is not null and has_table_privilege(t, 'UPDATE, DELETE, TRUNCATE')`,
      [APPEND_ONLY_TABLES],
    )
  ).rows.map((row) => row.name);
  const problems: string[] = [];
  if (role.superuser) problems.push('is a superuser');
  if (role.createrole && !role.superuser) problems.push('may create roles');
  if (role.owned) problems.push(`owns ${role.owned} tables (or is a member of their owner)`);
  if (rewritable.length) problems.push(`may update, delete or truncate ${rewritable.join(' and ')}`);
  return problems.map((problem) => `the application's database role ${role.name} ${problem}`);
}

function passwordOf(url: string): string | undefined {
  const password = new URL(url).password;
  return password ? decodeURIComponent(password) : undefined;
}
