import { dropDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.AW_TEST_DATABASE;
  const appRole = process.env.DATABASE_URL && decodeURIComponent(new URL(process.env.DATABASE_URL).username);
  if (url && !process.env.KEEP_TEST_DATABASE) await dropDatabase(url, appRole);
}
