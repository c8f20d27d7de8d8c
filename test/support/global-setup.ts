import { Client } from 'pg';
import { ensureDatabase, migrate } from '../../src/database/migrate';

/**
 * One fresh database per test run, migrated with the project's own migrations. Workers inherit
 * DATABASE_URL from here; global-teardown drops the database.
 */
export default async function globalSetup(): Promise<void> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/aw_test_${Date.now()}_${process.pid}`;
  const url = base.toString();
  await ensureDatabase(url);
  await migrate({ database: { url, poolSize: 2 } });
  process.env.DATABASE_URL = url;
  process.env.AW_TEST_DATABASE = url;
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
