import { Migration20261123000001_foundation } from './Migration20261123000001_foundation';
import { Migration20261123000100_notifications } from './Migration20261123000100_notifications';
import { Migration20261123000200_payments } from './Migration20261123000200_payments';
import { Migration20261123000300_agency_webhooks } from './Migration20261123000300_agency_webhooks';
import { Migration20261123000400_wallet_versions } from './Migration20261123000400_wallet_versions';
import { Migration20261201001100_call_overrun } from './Migration20261201001100_call_overrun';
import { Migration20261201001200_ledger_entry_sources } from './Migration20261201001200_ledger_entry_sources';
import { Migration20261201002000_api_key_resources } from './Migration20261201002000_api_key_resources';
import { Migration20261201003000_stripe_money_paths } from './Migration20261201003000_stripe_money_paths';
import { Migration20261201009100_agency_time_zones } from './Migration20261201009100_agency_time_zones';
import { Migration20261201004000_reload_attempt_leases } from './Migration20261201004000_reload_attempt_leases';
import { Migration20261202007000_web_console } from './Migration20261202007000_web_console';
import { Migration20261202010000_sms_and_preferences } from './Migration20261202010000_sms_and_preferences';
import { Migration20261202014000_support_powers } from './Migration20261202014000_support_powers';

/** Every migration in order. Listed explicitly so the same list serves `dist/` and the tests. */
export const migrationsList = [
  { name: Migration20261123000001_foundation.name, class: Migration20261123000001_foundation },
  { name: Migration20261123000100_notifications.name, class: Migration20261123000100_notifications },
  { name: Migration20261123000200_payments.name, class: Migration20261123000200_payments },
  { name: Migration20261123000300_agency_webhooks.name, class: Migration20261123000300_agency_webhooks },
  { name: Migration20261123000400_wallet_versions.name, class: Migration20261123000400_wallet_versions },
  { name: Migration20261201001100_call_overrun.name, class: Migration20261201001100_call_overrun },
  { name: Migration20261201001200_ledger_entry_sources.name, class: Migration20261201001200_ledger_entry_sources },
  { name: Migration20261201002000_api_key_resources.name, class: Migration20261201002000_api_key_resources },
  { name: Migration20261201003000_stripe_money_paths.name, class: Migration20261201003000_stripe_money_paths },
  { name: Migration20261201009100_agency_time_zones.name, class: Migration20261201009100_agency_time_zones },
  { name: Migration20261201004000_reload_attempt_leases.name, class: Migration20261201004000_reload_attempt_leases },
  { name: Migration20261202007000_web_console.name, class: Migration20261202007000_web_console },
  { name: Migration20261202010000_sms_and_preferences.name, class: Migration20261202010000_sms_and_preferences },
  { name: Migration20261202014000_support_powers.name, class: Migration20261202014000_support_powers },
];
