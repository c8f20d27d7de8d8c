import { Injectable } from '@nestjs/common';
import { Database, sql } from './database';
import type { SchedulerRunSchema } from './scheduler-run.entity';
import type { Tables } from './tables';

type SchedulerTables = Tables<typeof SchedulerRunSchema>;

/**
 * Scheduled work that must run once per tick however many processes schedule it: the first
 * process to insert the tick's row runs it, the others find the row and skip.
 */
@Injectable()
export class SchedulerTicks {
  constructor(private readonly db: Database) {}

  async claim(name: string, intervalSeconds: number, now = new Date()): Promise<boolean> {
    const tick = Math.floor(now.getTime() / 1000 / intervalSeconds);
    const row = await this.db
      .kysely<SchedulerTables>()
      .insertInto('scheduler_runs')
      .values({ name, tick: BigInt(tick) })
      .onConflict((conflict) => conflict.doNothing())
      .returning('tick')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Forgets ticks that are over. A row is what stops a second run of its tick, so the newest row of
   * each schedule always stays (its tick may still be current, whatever the interval), and older
   * ones stay `hours` more, for a process whose clock runs behind.
   */
  async removeOlderThan(hours: number): Promise<number> {
    const rows = await this.db
      .kysely<SchedulerTables>()
      .deleteFrom('scheduler_runs as r')
      // The database's clock, not this process's: every process agrees on it.
      .where('r.ran_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('scheduler_runs as newer').select('newer.tick').whereRef('newer.name', '=', 'r.name').whereRef('newer.tick', '>', 'r.tick'),
        ),
      )
      .returning('r.name')
      .execute();
    return rows.length;
  }
}
