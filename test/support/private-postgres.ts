import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary folder, a random port), which a
 * test may stop hard and start again without disturbing the shared server the other suites use.
 * Uses the server binaries installed with PostgreSQL (/usr/lib/postgresql/<version>/bin); as root,
 * runs them as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export interface PrivatePostgres {
  port: number;
  url(database: string): string;
  /** `immediate` kills the server as a crash would: connections drop, new ones are refused. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  close(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'aw-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    );
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(bin, tool), asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const pg: PrivatePostgres = {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: (mode = 'immediate') => void run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start: () => void run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']),
    close: () => {
      try {
        pg.stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  pg.start();
  return pg;
}

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin/pg_ctl'))) : [];
  if (!versions.length) throw new Error(`No PostgreSQL server binaries (pg_ctl) under ${root}`);
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}
