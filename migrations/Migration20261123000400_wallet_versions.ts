import { Migration } from '@mikro-orm/migrations';

/**
 * A version on every wallet that changes with any change to the wallet row and with any change
 * to what the call path decides with (the agency's pause, a subteam's pause or limits). The
 * ledger writer keeps the state its last batch left behind and writes the next batch in one
 * statement guarded by this version: when anything else touched the wallet in between, the guard
 * matches no row, nothing is written, and the batch goes through the locking path instead.
 *
 * Versions are random, not counted: the ledger writer picks the version its batch will leave
 * before sending it, so the next batch can be guarded by it, and no other writer can arrive at
 * the same value by counting. An update that does not set a new version gets a fresh one here.
 */
export class Migration20261123000400_wallet_versions extends Migration {
  override name = 'Migration20261123000400_wallet_versions';

  override async up(): Promise<void> {
    this.addSql(`
      alter table wallets add column version uuid not null default gen_random_uuid();

      create function bump_wallet_version() returns trigger language plpgsql as $$
      begin
        if new.version = old.version then
          new.version := gen_random_uuid();
        end if;
        return new;
      end $$;
      create trigger wallets_bump_version before update on wallets
        for each row execute function bump_wallet_version();

      -- Touching the wallet row runs the trigger above, and waits for a batch holding its lock.
      create function touch_agency_wallet() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'agencies' then
          update wallets set updated_at = now() where agency_id = new.id;
        else
          update wallets set updated_at = now() where agency_id = new.agency_id;
        end if;
        return null;
      end $$;
      create trigger agencies_touch_wallet after update of paused on agencies
        for each row when (old.paused is distinct from new.paused) execute function touch_agency_wallet();
      create trigger subteams_touch_wallet after update on subteams
        for each row when (
          old.paused is distinct from new.paused
          or old.daily_spend_limit_micros is distinct from new.daily_spend_limit_micros
          or old.monthly_spend_limit_micros is distinct from new.monthly_spend_limit_micros
        ) execute function touch_agency_wallet();
    `);
  }
}
