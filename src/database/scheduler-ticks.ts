import { Injectable } from '@nestjs/common';
import { Database, sql } from './database';

/**
 * Scheduled work that must run once per tick however many processes schedule it: the first
 * process to insert the tick's row runs it, the others find the row and skip.
 */
@Injectable()
export class SchedulerTicks {
  constructor(private readonly db: Database) {}

  async claim(name: string, intervalSeconds: number, now = new Date()): Promise<boolean> {
    const tick = Math.floor(now.getTime() / 1000 / intervalSeconds);
    const row = await this.db.one(
      sql<{ tick: string }>`insert into scheduler_runs (name, tick) values (${name}, ${tick}) on conflict do nothing returning tick`,
    );
    return row !== undefined;
  }

  /**
   * Forgets ticks that are over. A row is what stops a second run of its tick, so the newest row of
   * each schedule always stays (its tick may still be current, whatever the interval), and older
   * ones stay `hours` more, for a process whose clock runs behind.
   */
  async removeOlderThan(hours: number): Promise<number> {
    const rows = await this.db.rows(
      sql<{ name: string }>`delete from scheduler_runs r where r.ran_at < now() - make_interval(hours => ${hours})
        and exists (select 1 from scheduler_runs newer where newer.name = r.name and newer.tick > r.tick)
        returning r.name`,
    );
    return rows.length;
  }
}
