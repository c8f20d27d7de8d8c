import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface ListenerHandlers {
  /** A notification on the channel, delivered once its transaction committed. */
  message(payload: string): void;
  /** Listening (again): anything sent while the connection was down was missed. */
  connected(): void;
  /** The connection is gone: notifications may be missed until `connected` is called again. */
  lost(error: Error): void;
}

export interface ListenerOptions {
  /** How often the connection is checked with a query; a silently dead connection is noticed within twice this. */
  heartbeatMs?: number;
  /** The longest pause between reconnection attempts (they start at 100 ms and double). */
  maxRetryMs?: number;
}

/**
 * One dedicated PostgreSQL connection that LISTENs on a channel. LISTEN ties notifications to a
 * session, so it cannot share the pool; the connection is replaced whenever it is lost, and the
 * handlers hear about both ends of the gap so that whoever relies on the notifications can stop
 * trusting what it kept in the meantime.
 */
export class PgListener {
  /** Shown in pg_stat_activity, so one listener can be found (and, in tests, terminated). */
  readonly applicationName = `agency-wallet-listener-${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger(PgListener.name);
  private readonly heartbeatMs: number;
  private readonly maxRetryMs: number;
  private client?: Client;
  private retryTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private retryMs = 100;
  private stopped = false;
  private reportedLoss = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
    options: ListenerOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.maxRetryMs = options.maxRetryMs ?? 5000;
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Resolves after the first attempt, listening or not; a failed attempt keeps retrying in the background. */
  start(): Promise<void> {
    this.stopped = false;
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, application_name: this.applicationName, keepAlive: true });
    let gone = false;
    const lose = (error: Error) => {
      if (gone) return;
      gone = true;
      if (this.client === client) {
        this.client = undefined;
        clearInterval(this.heartbeat);
      }
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      if (!this.reportedLoss) this.logger.warn(`Lost the LISTEN connection on ${this.channel}: ${error.message}; reconnecting`);
      this.reportedLoss = true;
      this.handlers.lost(error);
      this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
    };
    client.on('error', lose);
    client.on('end', () => lose(new Error('the connection ended')));
    client.on('notification', (notification) => {
      if (notification.channel === this.channel && notification.payload !== undefined) this.handlers.message(notification.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      lose(error as Error);
      return;
    }
    if (gone) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 100;
    if (this.reportedLoss) this.logger.log(`Listening on ${this.channel} again`);
    this.reportedLoss = false;
    this.handlers.connected();
    // A connection cut without a FIN (a network partition, a failover) looks alive to the socket
    // for minutes; a query that does not come back says so within two heartbeats.
    this.heartbeat = setInterval(() => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the heartbeat query timed out')), this.heartbeatMs);
      });
      Promise.race([client.query('select 1'), timeout])
        .catch((error: Error) => lose(error))
        .finally(() => clearTimeout(timer));
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }
}
