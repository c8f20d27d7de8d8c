import { Migration } from '@mikro-orm/migrations';

/**
 * Calls cannot drain a wallet. Each agency says how far a call's cost may exceed its hold and
 * still be charged (`max_call_overrun_micros`, 5.00 unless set); a hold may be raised while its
 * call runs (extend), so it keeps the amount first authorized beside the amount held now, and a
 * late replay of the authorize is still recognised.
 *
 * The ledger writer decides settles with the agency's overrun allowance, so a change to it must
 * change the wallet's version like a pause does: the agencies trigger now watches both columns.
 */
export class Migration20261201001100_call_overrun extends Migration {
  override name = 'Migration20261201001100_call_overrun';

  override async up(): Promise<void> {
    this.addSql(`
      alter table agencies add column max_call_overrun_micros bigint not null default 5000000
        check (max_call_overrun_micros >= 0);

      alter table holds add column initial_amount_micros bigint;
      update holds set initial_amount_micros = amount_micros;
      alter table holds alter column initial_amount_micros set not null,
        add constraint holds_initial_amount_check check (initial_amount_micros > 0 and initial_amount_micros <= amount_micros);

      drop trigger agencies_touch_wallet on agencies;
      create trigger agencies_touch_wallet after update of paused, max_call_overrun_micros on agencies
        for each row when (
          old.paused is distinct from new.paused
          or old.max_call_overrun_micros is distinct from new.max_call_overrun_micros
        ) execute function touch_agency_wallet();
    `);
  }
}
