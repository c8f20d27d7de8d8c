import { Database, sql } from '../../src/database/database';
import { eventually } from '../support/stripe';
import { type TestApp, startTestApp } from '../support/test-app';

/**
 * Found by the fault-injection suite (`npm run chaos -- --replay 8212`: PostgreSQL stopped and
 * killed during a run): both workers stopped reaching the database for good ("timeout exceeded when
 * trying to connect", every sweep, for minutes) while the API processes carried on. An ORM
 * transaction whose connection dies fails its ROLLBACK too, and the connection is released only
 * after a COMMIT or ROLLBACK succeeds, so each such transaction kept its pool slot forever; a few
 * restarts took a worker's whole pool. A checked-out client whose connection was lost and that
 * nobody releases is now taken back after a few seconds (`reclaimBrokenClients`).
 */
describe('Chaos seed 8212: transactions cut off by a lost connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '3' });
  });
  afterAll(() => t.close());

  it('do not keep their connections: the pool serves again once they are lost', async () => {
    const db = t.app.get(Database);
    // As many transactions as the pool has connections, each losing its connection mid-way.
    for (let i = 0; i < 3; i++) {
      await expect(db.transaction((tx) => db.rows(sql`select pg_terminate_backend(pg_backend_pid())`, tx))).rejects.toThrow();
    }
    const answer = await eventually(async () => (await db.rows(sql<{ ok: number }>`select 1 as ok`))[0], 20_000, 500);
    expect(answer).toEqual({ ok: 1 });
    // And every connection is usable: three at once.
    const together = await Promise.all(
      [1, 2, 3].map((n) => db.transaction((tx) => db.rows(sql<{ n: number }>`select ${n}::int as n, pg_sleep(0.1)`, tx))),
    );
    expect(together.map((rows) => rows[0].n)).toEqual([1, 2, 3]);
  }, 60_000);
});
