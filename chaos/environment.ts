import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { type StripeTestServer, startStripeServer } from '../sandbox/stripe/stripe-server';
import { prepareDatabase } from '../src/database/migrate';
import { freePort } from '../test/support/free-port';
import { type PrivateRedis, startPrivateRedis } from '../test/support/private-redis';
import { type SmtpCapture, startSmtpCapture } from '../test/support/smtp-capture';
import { type WebhookReceiver, startWebhookReceiver } from '../test/support/webhook-receiver';

const run = promisify(execFile);
export const ROOT = join(__dirname, '..');
export const ADMIN_KEY = 'aw_admin_chaos_key_0123456789';

/**
 * Everything a fault-injection run needs, of its own: a PostgreSQL cluster (initdb in a temporary
 * folder), a redis-server, the Stripe test server, an SMTP capture, an agency's webhook receiver,
 * and the service as four OS processes (2 API, 2 workers) running the built output, each of which
 * may be killed with SIGKILL and started again. Nothing is shared with the machine's own services.
 */
export interface Environment {
  dir: string;
  pg: Postgres;
  redis: PrivateRedis & { flush(): Promise<void> };
  stripe: StripeTestServer;
  smtp: SmtpCapture;
  receiver: WebhookReceiver;
  /** The owner's connections (checks and sampling; not the service's least-privilege role), reconnecting after an outage. */
  db(): Promise<Pool>;
  apis: ServiceSlot[];
  workers: ServiceSlot[];
  /** The API process Stripe's webhooks go to (a load balancer's choice). */
  webhookTarget: ServiceSlot;
  pointWebhooksAt(slot: ServiceSlot): void;
  /** Base URLs of the API processes that are up now. */
  liveApis(): string[];
  close(): Promise<void>;
}

export interface Postgres {
  port: number;
  url(database: string): string;
  stop(mode: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Builds `dist/` when the sources are newer (as `npm start` does), so processes boot from JavaScript. */
export function ensureBuilt(log: (line: string) => void): void {
  const entry = join(ROOT, 'dist/src/main.js');
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((item) =>
        item.isDirectory() ? newest(join(dir, item.name)) : statSync(join(dir, item.name)).mtimeMs,
      ),
    );
  if (existsSync(entry) && Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'migrations'))) <= statSync(entry).mtimeMs) return;
  log('Building the service (nest build)…');
  const build = spawnSync(join(ROOT, 'node_modules/.bin/nest'), ['build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build failed:\n${build.stdout}\n${build.stderr}`);
}

async function startPostgres(): Promise<Postgres> {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin/pg_ctl'))) : [];
  if (!versions.length) throw new Error(`No PostgreSQL server binaries (pg_ctl) under ${root}`);
  const bin = join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
  const asRoot = process.getuid?.() === 0;
  // Its own temporary folder: the run's is private to this user, and PostgreSQL runs as `postgres`.
  const pgDir = mkdtempSync(join(tmpdir(), 'aw-chaos-pg-'));
  if (asRoot) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(pgDir, id('-u'), id('-g'));
  }
  const tool = (name: string, args: string[]) =>
    run(asRoot ? 'runuser' : join(bin, name), asRoot ? ['-u', 'postgres', '--', join(bin, name), ...args] : args, { timeout: 60_000 });
  const data = join(pgDir, 'data');
  await tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const pg: Postgres = {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: async (mode) => void (await tool('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])),
    start: async () => void (await tool('pg_ctl', ['-D', data, '-l', join(pgDir, 'log'), '-w', '-o', options, 'start'])),
    close: async () => {
      await pg.stop('immediate').catch(() => undefined);
      rmSync(pgDir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}

/** One service process (an API or a worker) that can be killed and started again, same port. */
export class ServiceSlot {
  child: ChildProcess | undefined;
  private log: WriteStream;
  /** Last time this slot became ready after a start, for the reload-wait figure. */
  restarts = 0;

  constructor(
    readonly name: string,
    readonly kind: 'api' | 'worker',
    readonly port: number,
    private readonly env: Record<string, string>,
    logDir: string,
  ) {
    this.log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null && this.ready;
  }

  private ready = false;

  private starting: Promise<number> | undefined;
  private closing = false;

  /** Starts the process unless a start is under way; resolves once it serves: the ms that took. */
  restart(): Promise<number> {
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Starts the process and resolves once it serves (API) or runs its processors (worker): the ms that took. */
  private async start(): Promise<number> {
    const began = performance.now();
    // A boot that met PostgreSQL down exits, a fault may kill a process while it boots, and a boot
    // on an overloaded machine may hang: the supervisor kills what did not come up and starts it
    // again, as systemd would, for up to 10 minutes.
    for (let tries = 1; ; tries++) {
      if (this.closing) throw new Error(`${this.name} stopped while starting`);
      if (await this.startOnce(240_000)) {
        this.restarts++;
        return performance.now() - began;
      }
      if (performance.now() - began > 600_000) throw new Error(`${this.name} did not start in 10 minutes (${tries} tries); see its log`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** One boot: true once it serves; false (the process gone) if it exited or did not serve in time. */
  private async startOnce(timeoutMs: number): Promise<boolean> {
    const entry = join(ROOT, this.kind === 'api' ? 'dist/src/main.js' : 'dist/src/worker.js');
    const child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: { ...this.env, ROLE: this.kind, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.ready = false;
    let output = '';
    const onData = (chunk: Buffer) => {
      this.log.write(chunk);
      if (!this.ready) output += chunk.toString();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.log.write(`\n==== ${new Date().toISOString()} start ${this.name}\n`);
    const deadline = Date.now() + timeoutMs;
    while (!/Worker running|listening on/.test(output)) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      if (Date.now() > deadline || this.closing) {
        this.log.write(`\n==== ${new Date().toISOString()} not serving after ${timeoutMs} ms: killed\n`);
        await this.kill('SIGKILL');
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.ready = true;
    return true;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.ready = false;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    // A graceful stop gets 10 s (Bull may wait on a Redis that a fault took away), then SIGKILL.
    const escalate = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(escalate);
    this.log.write(`\n==== ${new Date().toISOString()} ${signal} ${this.name}\n`);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.starting?.catch(() => undefined);
    await this.kill('SIGTERM');
    await new Promise((resolve) => this.log.end(resolve));
  }
}

export async function startEnvironment(options: { log: (line: string) => void; keepDir?: boolean }): Promise<Environment> {
  const { log } = options;
  ensureBuilt(log);
  const dir = mkdtempSync(join(tmpdir(), 'aw-chaos-'));
  const logDir = join(dir, 'logs');
  mkdirSync(logDir);
  log(`Starting PostgreSQL, Redis, the Stripe test server, SMTP capture (logs in ${logDir})`);
  const pg = await startPostgres();
  const baseRedis = await startPrivateRedis();
  const redis = Object.assign(baseRedis, {
    async flush() {
      const port = new URL(baseRedis.url).port;
      await run('redis-cli', ['-p', port, 'FLUSHALL'], { timeout: 10_000 });
    },
  });
  const stripe = await startStripeServer({ webhookRetryDelaysMs: [100, 500, 1500] });
  const smtp = await startSmtpCapture();
  const receiver = await startWebhookReceiver();

  const ownerUrl = pg.url('agency_wallet_chaos');
  const database = await prepareDatabase({ url: ownerUrl, migrationUrl: ownerUrl, deriveAppRole: true, poolSize: 2 });
  if (database.problems.length) throw new Error(`Database not ready: ${database.problems.join('; ')}`);

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'log',
    DATABASE_URL: database.url,
    DATABASE_MIGRATION_URL: ownerUrl,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'chaos',
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_SECRET_KEY: 'sk_test_chaos',
    SMTP_URL: smtp.url,
    MAIL_SEND_TIMEOUT_SECONDS: '10',
    MAIL_RETRY_DELAY_SECONDS: '1',
    NOTIFICATION_SWEEP_SECONDS: '2',
    AGENCY_WEBHOOK_RETRY_DELAY_SECONDS: '0.5',
    AGENCY_WEBHOOK_SWEEP_SECONDS: '2',
    AGENCY_WEBHOOK_TIMEOUT_SECONDS: '5',
    AGENCY_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    SWEEP_INTERVAL_SECONDS: '5',
    RECONCILE_INTERVAL_SECONDS: '5',
    AGENCY_PAYMENT_RATE_LIMIT_PER_MINUTE: '600',
    AGENCY_PAYMENT_RATE_LIMIT_BURST: '600',
    METRICS_PORT: '0',
  };
  const apis = [new ServiceSlot('api-1', 'api', await freePort(), env, logDir), new ServiceSlot('api-2', 'api', await freePort(), env, logDir)];
  const workers = [new ServiceSlot('worker-1', 'worker', 0, env, logDir), new ServiceSlot('worker-2', 'worker', 0, env, logDir)];
  log('Starting 2 API processes and 2 workers');
  try {
    await Promise.all([...apis, ...workers].map((slot) => slot.restart()));
  } catch (error) {
    // Leave nothing running behind a failed start.
    for (const slot of [...apis, ...workers]) await slot.close();
    await Promise.all([stripe.close(), smtp.close(), receiver.close(), redis.stop()]);
    await pg.close();
    throw error;
  }
  stripe.setWebhookUrl(`${apis[0].url}/v1/webhooks/stripe`);

  const pools: Pool[] = [];
  const environment: Environment = {
    webhookTarget: apis[0],
    pointWebhooksAt(slot) {
      environment.webhookTarget = slot;
      stripe.setWebhookUrl(`${slot.url}/v1/webhooks/stripe`);
    },
    dir,
    pg,
    redis,
    stripe,
    smtp,
    receiver,
    apis,
    workers,
    async db() {
      const pool = new Pool({ connectionString: ownerUrl, max: 2, connectionTimeoutMillis: 3000 });
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
    liveApis: () => apis.filter((slot) => slot.up).map((slot) => slot.url),
    async close() {
      for (const pool of pools) await pool.end().catch(() => undefined);
      for (const slot of [...apis, ...workers]) await slot.close();
      await stripe.close();
      await smtp.close();
      await receiver.close();
      await redis.stop();
      await pg.close();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return environment;
}
