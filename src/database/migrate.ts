import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { migrationsList } from '../../migrations';
import type { AppConfig } from '../config/config';
import { type AppRole, appRoleFor, appRoleProblems, provisionAppRole } from './app-role';
import { ormOptions } from './orm.config';

/** Any constant shared by every process of this service. */
const MIGRATION_LOCK = 7_402_911;

export interface PreparedDatabase {
  /** The URL the application connects with: its least-privilege role. */
  url: string;
  /** That URL's role. */
  role: string;
  /** Migrations applied by this boot. */
  applied: string[];
  /** What is unsafe about the application's role: production refuses to boot with any. */
  problems: string[];
}

/**
 * Everything the database needs before the application connects: created if missing, migrated as
 * the owner (DATABASE_MIGRATION_URL), the application's role created when this service may and
 * granted its rights, then that role checked over its own connection. Without a migration URL
 * (production, migrations run elsewhere) it only verifies that none are pending.
 */
export async function prepareDatabase(database: AppConfig['database']): Promise<PreparedDatabase> {
  const role = appRoleFor(database);
  let url = role.url;
  let applied: string[] = [];
  if (database.migrationUrl) {
    await ensureDatabase(database.migrationUrl);
    const migrated = await migrate(database.migrationUrl, role);
    applied = migrated.applied;
    if (migrated.provisioned === 'cannot_create') {
      if (!role.derivedPassword) {
        throw new Error(
          `DATABASE_URL: the role ${role.name} does not exist and DATABASE_MIGRATION_URL's role may not create roles; create it once as README.md ("Security") shows`,
        );
      }
      // A local machine whose PostgreSQL user may not create roles: run as that user, and say so.
      url = database.migrationUrl;
    }
  } else {
    const pending = await pendingMigrations(url);
    if (pending.length) {
      throw new Error(
        `DATABASE_MIGRATION_URL: not set, and ${pending.length} migrations are pending (${pending.join(', ')}); set it to the owner role's URL so the service applies them`,
      );
    }
  }
  return withClient(url, async (client) => ({
    url,
    role: (await client.query<{ name: string }>('select current_user as name')).rows[0].name,
    applied,
    problems: await appRoleProblems(client),
  }));
}

/**
 * Applies pending migrations as the owner, then grants the application role its rights. Several
 * processes may boot at once (API and workers): a PostgreSQL advisory lock lets one migrate while
 * the others wait, then find nothing left to do.
 */
export async function migrate(ownerUrl: string, role?: AppRole) {
  return withClient(ownerUrl, async (lock) => {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      let applied: string[] = [];
      // A restart with nothing to apply skips the migrator, which would start an ORM of its own.
      if ((await pendingMigrationsOn(lock)).length) {
        const orm = await MikroORM.init({ ...ormOptions({ database: { url: ownerUrl, poolSize: 2 } }) });
        try {
          applied = (await orm.migrator.up()).map((migration) => migration.name);
        } finally {
          await orm.close();
        }
      }
      const provisioned = role ? await provisionAppRole(lock, role) : 'owner';
      return { applied, provisioned };
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}

async function pendingMigrations(url: string): Promise<string[]> {
  return withClient(url, pendingMigrationsOn);
}

async function pendingMigrationsOn(client: Client): Promise<string[]> {
  const done = await client.query<{ name: string }>('select name from mikro_orm_migrations').then(
    (result) => new Set(result.rows.map((row) => row.name)),
    (error: { code?: string }) => {
      if (error.code === '42P01') return new Set<string>();
      throw error;
    },
  );
  return migrationsList.map((migration) => migration.name).filter((name) => !done.has(name));
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist yet (a fresh local machine). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Another process may have created it between the check and the create.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
