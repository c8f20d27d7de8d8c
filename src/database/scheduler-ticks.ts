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
}
