import { Migration } from '@mikro-orm/migrations';

/**
 * Days and months where the agency lives: an IANA time zone on each agency (UTC unless set), in
 * which spend limits, the monthly auto-reload cap and the daily figures count. Spend already
 * recorded keeps the day it was recorded on (UTC until now).
 *
 * The ledger writer decides spend limits with the agency's local day, so a change of zone must
 * change the wallet's version like a pause does: the agencies trigger now watches it too.
 */
export class Migration20261201009100_agency_time_zones extends Migration {
  override name = 'Migration20261201009100_agency_time_zones';

  override async up(): Promise<void> {
    this.addSql(`
      alter table agencies add column time_zone text not null default 'UTC';

      drop trigger agencies_touch_wallet on agencies;
      create trigger agencies_touch_wallet after update of paused, max_call_overrun_micros, time_zone on agencies
        for each row when (
          old.paused is distinct from new.paused
          or old.max_call_overrun_micros is distinct from new.max_call_overrun_micros
          or old.time_zone is distinct from new.time_zone
        ) execute function touch_agency_wallet();
    `);
  }
}
