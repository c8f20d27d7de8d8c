import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Kysely, type RawBuilder, sql } from 'kysely';

export { sql };
export type Sql<T = unknown> = RawBuilder<T>;
export type Tx = EntityManager;
/** A bare Kysely transaction, for the call path, where the Unit of Work has nothing to do. */
export type SqlTx = Kysely<any>;

/**
 * The repositories' door to PostgreSQL. Every unit of work forks its own EntityManager, so
 * nothing depends on a request context (queue processors and the ledger writer have none).
 */
@Injectable()
export class Database {
  constructor(readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.orm.em.fork();
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional(work);
  }

  /**
   * A transaction on the ORM's own pool without the Unit of Work around it: the ledger writer's
   * batches are plain SQL, and skipping the EntityManager saves a millisecond a batch.
   */
  sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.orm.em.getKysely().transaction().execute(work);
  }

  async rows<T>(query: Sql<T>, tx?: Tx | SqlTx): Promise<T[]> {
    const executor = tx === undefined ? this.orm.em.getKysely() : 'getKysely' in tx ? tx.getKysely() : tx;
    const result = await query.execute(executor);
    return result.rows;
  }

  async one<T>(query: Sql<T>, tx?: Tx | SqlTx): Promise<T | undefined> {
    return (await this.rows(query, tx))[0];
  }
}
