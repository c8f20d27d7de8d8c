import * as fs from 'node:fs';
import { dropDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.AW_TEST_DATABASE;
  if (process.env.STRIPE_CONTRACT_VALIDATORS) fs.rmSync(process.env.STRIPE_CONTRACT_VALIDATORS, { force: true });
  if (url && !process.env.KEEP_TEST_DATABASE) await dropDatabase(url, process.env.AW_TEST_APP_ROLE);
}
