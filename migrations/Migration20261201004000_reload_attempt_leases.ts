import { Migration } from '@mikro-orm/migrations';

/**
 * A lease on each reload attempt being charged. The process charging an attempt holds it
 * (`lease_owner`, a token per claim) and renews it while Stripe answers; `lease_expires_at` is when
 * the attempt counts as unattended if nothing renewed it: its charger died, or its job was lost.
 * Workers then take it over within seconds and charge it again under the same Stripe key.
 * `takeovers` counts those, and names each takeover's job.
 */
export class Migration20261201004000_reload_attempt_leases extends Migration {
  override name = 'Migration20261201004000_reload_attempt_leases';

  override async up(): Promise<void> {
    this.addSql(`
      alter table reload_attempts
        add column lease_owner uuid,
        add column lease_expires_at timestamptz,
        add column takeovers integer not null default 0;
    `);
  }
}
