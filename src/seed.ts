import './compile-cache';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createConnection } from 'node:net';
import { createApp } from './bootstrap';
import { AppLogger } from './common/logging/app-logger';
import { loadConfig } from './config/config';
import { prepareDatabase } from './database/migrate';
import { seedDemo } from './dev/demo-seed';

/**
 * `npm run seed`: migrates, then creates (or finds) the demo agency and prints its keys and the
 * console link. With the Stripe sandbox, it uses the one a running `npm start` serves, or starts
 * its own whose state file the next `npm start` reads.
 */
async function main(): Promise<void> {
  let env: NodeJS.ProcessEnv = { ...process.env, ROLE: 'api' };
  const probe = loadConfig(env);
  if (probe.env === 'production') throw new Error('npm run seed makes a demo agency with a sandbox card: not in production');
  const sandbox = probe.stripe.sandbox;
  if (sandbox && !sandbox.external && (await listening(sandbox.apiUrl))) env = { ...env, STRIPE_SANDBOX_URL: sandbox.apiUrl };
  const loaded = loadConfig(env);
  Logger.overrideLogger(new AppLogger({ ...loaded, logLevel: 'warn' }));
  const database = await prepareDatabase(loaded.database);
  const config = {
    ...loaded,
    logLevel: 'warn' as const,
    database: { ...loaded.database, url: database.url },
    metrics: { ...loaded.metrics, port: 0 },
  };
  const app = await createApp(config, { worker: false });
  try {
    const seed = await seedDemo(app);
    const base = config.publicBaseUrl;
    const lines = [
      seed.created
        ? `Created the demo agency ${seed.agencyId} with a week of calls (${seed.historyCalls}), a sandbox card and auto-reload on.`
        : `The demo agency ${seed.agencyId} was already there: nothing added twice; fresh keys below (earlier ones still work).`,
      '',
      `  Console:     ${base}${seed.consolePath}`,
      `  Owner key:   ${seed.ownerKey}`,
      ...seed.subteams.map((subteam) => `  ${`${subteam.name}:`.padEnd(16)}${subteam.key}`),
      '',
      `  curl -s ${base}/v1/agencies/${seed.agencyId}/wallet/insights -H 'Authorization: Bearer ${seed.ownerKey}'`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await app.close();
  }
}

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const answer = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.setTimeout(1000, () => answer(false));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
