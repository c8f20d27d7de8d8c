import { Client } from 'pg';
import * as os from 'node:os';
import * as path from 'node:path';
import { StripeContract } from '../../sandbox/stripe/openapi/contract';
import { prepareDatabase } from '../../src/database/migrate';

/**
 * One fresh database per test run, migrated with the project's own migrations as the owner. The
 * tests, and every service process they start, connect as the least-privilege application role
 * the service derives and grants (`<database>_app`), the way `npm start` runs on a local machine:
 * DATABASE_URL is that role, DATABASE_MIGRATION_URL the owner. global-teardown drops both.
 */
export default async function globalSetup(): Promise<void> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/aw_test_${Date.now()}_${process.pid}`;
  const ownerUrl = base.toString();
  const database = await prepareDatabase({ url: ownerUrl, migrationUrl: ownerUrl, deriveAppRole: true, poolSize: 2 });
  if (database.problems.length || database.url === ownerUrl) {
    throw new Error(`The tests must run as a least-privilege role: ${database.problems.join('; ') || 'the owner may not create roles'}`);
  }
  process.env.DATABASE_URL = database.url;
  process.env.DATABASE_MIGRATION_URL = ownerUrl;
  process.env.AW_TEST_DATABASE = ownerUrl;
  process.env.AW_TEST_APP_ROLE = database.role;
  // Every app and service process of the run serves its metrics on a port of its own.
  process.env.METRICS_PORT = '0';
  // Stripe's API description, compiled once for the run: every suite checks the test server against it.
  const validators = path.join(os.tmpdir(), `aw-stripe-contract-${process.pid}.js`);
  StripeContract.writeValidators(validators);
  process.env.STRIPE_CONTRACT_VALIDATORS = validators;
}

/** Drops the run's database, then its application role (whose rights were all in that database). */
export async function dropDatabase(url: string, appRole?: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    if (appRole) await client.query(`drop role if exists ${client.escapeIdentifier(appRole)}`);
  } finally {
    await client.end();
  }
}
