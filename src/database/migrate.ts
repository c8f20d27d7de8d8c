import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { AppConfig } from '../config/config';
import { ormOptions } from './orm.config';

/** Any constant shared by every process of this service. */
const MIGRATION_LOCK = 7_402_911;

/**
 * Applies pending migrations. Several processes may boot at once (API and workers): a PostgreSQL
 * advisory lock lets one migrate while the others wait, then find nothing left to do.
 */
export async function migrate(config: Pick<AppConfig, 'database'>): Promise<string[]> {
  const lock = new Client({ connectionString: config.database.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const orm = await MikroORM.init({ ...ormOptions({ database: { ...config.database, poolSize: 2 } }) });
    try {
      const applied = await orm.migrator.up();
      return applied.map((migration) => migration.name);
    } finally {
      await orm.close();
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
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
