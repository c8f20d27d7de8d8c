import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Pool, PoolClient } from 'pg';

export { sql };
export type Sql<T = unknown> = RawBuilder<T>;
export type Tx = EntityManager;
/** A bare Kysely transaction, for the call path, where the Unit of Work has nothing to do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- its statements are hand-written SQL: no table types apply
export type SqlTx = Kysely<any>;
/** A step to take once a transaction has committed (`Database.afterCommit`). */
export type AfterCommit = () => unknown;

/**
 * The repositories' door to PostgreSQL. Every unit of work forks its own EntityManager, so
 * nothing depends on a request context (queue processors and the ledger writer have none).
 */
@Injectable()
export class Database implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Database.name);
  private readonly ordered = new Map<number, Promise<PoolClient>>();
  private readonly statementNames = new Map<string, string>();
  private readonly afterCommitHooks = new WeakMap<Tx, AfterCommit[]>();

  constructor(readonly orm: MikroORM) {}

  async onModuleInit(): Promise<void> {
    reclaimBrokenClients(await this.pool(), this.logger);
  }

  em(): EntityManager {
    return this.orm.em.fork();
  }

  /**
   * Runs `work` in one transaction. Hooks registered on its `tx` with `afterCommit` run once it has
   * committed, in order (never after a rollback); a hook that throws is logged and does not fail the
   * caller, whose change is already made: what a hook hands on (a queue job) has a sweep behind it.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const hooks: AfterCommit[] = [];
    const result = await this.orm.em.fork().transactional((tx) => {
      this.afterCommitHooks.set(tx, hooks);
      return work(tx);
    });
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        this.logger.warn(`An after-commit step failed (its sweep will catch up): ${(error as Error).message}`);
      }
    }
    return result;
  }

  /** Runs `hook` after the transaction `tx` (opened by `transaction`) commits. */
  afterCommit(tx: Tx, hook: AfterCommit): void {
    const hooks = this.afterCommitHooks.get(tx);
    if (!hooks) throw new Error('afterCommit needs a transaction opened by Database.transaction');
    hooks.push(hook);
  }

  /**
   * A Kysely typed by the tables a module owns (`InferKyselyDB` of its entities, see
   * `database/tables.ts`), in `tx` when given. Column values arrive as the entities declare them
   * (`bigint` as bigint, `timestamptz` as Date: `orm.config.ts`).
   */
  kysely<DB>(tx?: Tx | SqlTx): Kysely<DB> {
    return this.executor(tx) as unknown as Kysely<DB>;
  }

  /**
   * A transaction on the ORM's own pool without the Unit of Work around it: the ledger writer's
   * batches are plain SQL, and skipping the EntityManager saves a millisecond a batch.
   */
  sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.orm.em.getKysely().transaction().execute(work);
  }

  async rows<T>(query: Sql<T>, tx?: Tx | SqlTx): Promise<T[]> {
    const result = await query.execute(this.executor(tx));
    return result.rows;
  }

  /** Where a query runs: the caller's transaction (ORM or bare Kysely), or the pool. */
  private executor(tx?: Tx | SqlTx): SqlTx {
    return tx === undefined ? this.orm.em.getKysely() : 'getKysely' in tx ? tx.getKysely() : tx;
  }

  async one<T>(query: Sql<T>, tx?: Tx | SqlTx): Promise<T | undefined> {
    return (await this.rows(query, tx))[0];
  }

  /**
   * Runs one statement, in its own implicit transaction, on one of the connections kept for this
   * purpose (`channel`): statements sent on a channel reach PostgreSQL, run and commit in the order
   * they were sent, and the driver sends each the moment the previous one is done, without waiting
   * for this process to get round to it. Prepared once per connection. For the ledger writer's
   * chained batches: one channel per lane.
   */
  async orderedRows<T>(query: Sql<T>, channel = 0): Promise<T[]> {
    const compiled = query.compile(this.orm.em.getKysely());
    const client = await this.orderedClient(channel);
    const result = await client.query({ name: this.statementName(compiled.sql), text: compiled.sql, values: [...compiled.parameters] });
    return result.rows as T[];
  }

  async onModuleDestroy(): Promise<void> {
    const clients = [...this.ordered.values()];
    this.ordered.clear();
    for (const client of clients) (await client.catch(() => undefined))?.release();
  }

  private orderedClient(channel: number): Promise<PoolClient> {
    const existing = this.ordered.get(channel);
    if (existing) return existing;
    const connecting = this.connect().then((client) => {
      // A dropped connection fails the statements in flight; the next one gets a new connection.
      const drop = (error: Error) => {
        if (this.ordered.get(channel) !== connecting) return;
        this.ordered.delete(channel);
        this.logger.warn(`An ordered connection was lost: ${error.message}`);
        client.release(error);
      };
      client.on('error', drop);
      client.on('end', () => drop(new Error('the connection ended')));
      return client;
    });
    connecting.catch(() => this.ordered.get(channel) === connecting && this.ordered.delete(channel));
    this.ordered.set(channel, connecting);
    return connecting;
  }

  private async connect(): Promise<PoolClient> {
    return (await this.pool()).connect();
  }

  private async pool(): Promise<Pool> {
    return (await (this.orm.em.getConnection() as PostgreSqlConnection).getNativeClient()) as Pool;
  }

  private statementName(text: string): string {
    let name = this.statementNames.get(text);
    if (!name) {
      name = `aw_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.statementNames.set(text, name);
    }
    return name;
  }
}

/** How long a checked-out client may sit on a lost connection before the pool takes its slot back. */
export const BROKEN_CLIENT_GRACE_MS = 5_000;

/**
 * Takes back the pool slot of a checked-out client whose connection was lost and that nobody
 * releases. An ORM transaction whose connection dies (PostgreSQL restarted, failed over, killed)
 * fails its COMMIT or ROLLBACK, and Kysely's controlled transaction (which MikroORM's
 * `transactional` uses) releases its connection only after one of them succeeds: the slot stays
 * taken for good. A worker that lived through a few database restarts had its whole pool taken
 * and could not reach the database again ("timeout exceeded when trying to connect"; the
 * fault-injection suite, seed 8212). A client that lost its connection and is still checked out
 * `BROKEN_CLIENT_GRACE_MS` later is released with the error, which removes it from the pool.
 */
export function reclaimBrokenClients(pool: Pool, logger: Pick<Logger, 'warn'>, graceMs = BROKEN_CLIENT_GRACE_MS): void {
  // Watched only while checked out: an idle client's errors stay the pool's own business.
  const watching = new Map<PoolClient, (error?: Error) => void>();
  pool.on('release', (_error, client) => {
    const onLost = watching.get(client as PoolClient);
    if (!onLost) return;
    watching.delete(client as PoolClient);
    client.removeListener('error', onLost);
    client.removeListener('end', onLost);
  });
  pool.on('acquire', (client) => {
    if (watching.has(client)) return;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      setTimeout(() => {
        if (watching.get(client) !== onLost) return;
        logger.warn(`Took back a database connection lost while checked out and never released (${error?.message ?? 'the connection ended'})`);
        try {
          client.release(error ?? new Error('the connection ended'));
        } catch {
          // Released meanwhile: nothing to take back.
        }
      }, graceMs).unref();
    };
    watching.set(client, onLost);
    client.on('error', onLost);
    client.on('end', onLost);
  });
}
