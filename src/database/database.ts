import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql, type RawBuilder } from 'kysely';

export { sql };
export type Sql<T = unknown> = RawBuilder<T>;
export type Tx = EntityManager;

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

  async rows<T>(query: Sql<T>, tx?: Tx): Promise<T[]> {
    const result = await query.execute((tx ?? this.orm.em.fork()).getKysely());
    return result.rows;
  }

  async one<T>(query: Sql<T>, tx?: Tx): Promise<T | undefined> {
    return (await this.rows(query, tx))[0];
  }
}
