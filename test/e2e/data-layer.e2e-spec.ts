import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Database, sql } from '../../src/database/database';
import { ormOptions } from '../../src/database/orm.config';
import type { Tables } from '../../src/database/tables';
import type { WalletSchema } from '../../src/wallet/wallet.entity';

/**
 * The data layer's own promises: a typed query hands back values of the types its entities
 * declare, and work registered to follow a commit runs only after the commit.
 */
describe('The data layer', () => {
  let orm: MikroORM;
  let db: Database;
  beforeAll(async () => {
    orm = await MikroORM.init(ormOptions({ database: { url: process.env.DATABASE_URL!, poolSize: 2 } }));
    db = new Database(orm);
  });
  afterAll(() => orm.close(true));

  it('hands back bigint columns as bigint and timestamptz as Date, as the entities declare', async () => {
    const row = await db
      .kysely<Tables<typeof WalletSchema>>()
      .selectFrom('wallets')
      .select(['balance_micros', 'created_at'])
      .limit(1)
      .executeTakeFirst();
    const raw = await db.one<{ big: bigint; at: Date; day: string }>(
      sql`select 12345678901234::bigint as big, now() as at, date '2026-12-02' as day`,
    );
    expect(typeof raw?.big).toBe('bigint');
    expect(raw?.big).toBe(12345678901234n);
    expect(raw?.at).toBeInstanceOf(Date);
    // A calendar day stays the day it is, whatever this process's time zone.
    expect(raw?.day).toBe('2026-12-02');
    if (row) {
      expect(typeof row.balance_micros).toBe('bigint');
      expect(row.created_at).toBeInstanceOf(Date);
    }
  });

  it('runs after-commit steps once the transaction commits, in order, and never after a rollback', async () => {
    const ran: string[] = [];
    const result = await db.transaction(async (tx) => {
      db.afterCommit(tx, () => ran.push('first'));
      db.afterCommit(tx, async () => {
        ran.push('second');
      });
      expect(ran).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(ran).toEqual(['first', 'second']);

    const rolledBack: string[] = [];
    await expect(
      db.transaction(async (tx) => {
        db.afterCommit(tx, () => rolledBack.push('never'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(rolledBack).toEqual([]);
  });

  it('logs a failing after-commit step without failing the committed work', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const id = randomUUID();
    const ran: string[] = [];
    await expect(
      db.transaction(async (tx) => {
        db.afterCommit(tx, () => {
          throw new Error('queue is down');
        });
        db.afterCommit(tx, () => ran.push(id));
        return id;
      }),
    ).resolves.toBe(id);
    expect(ran).toEqual([id]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('queue is down'));
    warn.mockRestore();
  });

  it('refuses an after-commit step outside a transaction it opened', () => {
    expect(() => db.afterCommit(db.em(), () => undefined)).toThrow(/Database\.transaction/);
  });
});
