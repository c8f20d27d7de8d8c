import 'reflect-metadata';
import { bootLogger, createApp } from './bootstrap';
import { loadConfig } from './config/config';
import { ensureDatabase, migrate } from './database/migrate';

/**
 * Boots the service. ROLE=all (the default) serves the API and runs the worker in one process;
 * ROLE=api and ROLE=worker split them for production. Pending migrations are applied first.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv.includes('--migrate-only')) {
    await ensureDatabase(config.database.url);
    bootLogger.log(`Migrations applied: ${(await migrate(config)).join(', ') || 'none pending'}`);
    return;
  }
  await ensureDatabase(config.database.url);
  const applied = await migrate(config);
  if (applied.length) bootLogger.log(`Applied migrations: ${applied.join(', ')}`);

  const worker = config.role !== 'api';
  const app = await createApp(config, { worker });
  if (config.role === 'worker') {
    bootLogger.log('Worker running (queue processors and schedules), no HTTP');
    return;
  }
  await app.listen({ port: config.http.port, host: config.http.host });
  bootLogger.log(`Agency Wallet ${config.role === 'all' ? 'API and worker' : 'API'} listening on ${await app.getUrl()}`);
}

main().catch((error) => {
  bootLogger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
