import { Migration } from '@mikro-orm/migrations';

/**
 * Call-path entries carry the caller's own reference: a settled call its call id, direct usage
 * the reference sent with it. Both are of type `usage`, so a new `source` column (`call` or
 * `usage`) tells them apart and joins the unique key, so a call id and a usage reference with the
 * same text never collide. A settle's overrun above its hold gets a column of its own.
 *
 * Until now the source was a prefix inside the reference (`call:<callId>`, `usage:<reference>`).
 * Existing rows are rewritten once, here, to the new form: the prefix moves from `reference` into
 * `source` (so `source || ':' || reference` is exactly the text that was stored), and a call's
 * overrun is taken from its hold (charged above the amount held). Amounts, balances, times and ids
 * are untouched. Rewriting rather than stripping prefixes at read time keeps one form in the
 * table, so the unique key still catches a replay of a usage reference recorded before this
 * migration. The ledger's append-only trigger is disabled for these two statements only, inside
 * this migration's transaction (which holds the table's exclusive lock, so nothing else writes
 * meanwhile), and enabled again before it commits; a failure rolls all of it back.
 */
export class Migration20261201001200_ledger_entry_sources extends Migration {
  override name = 'Migration20261201001200_ledger_entry_sources';

  override async up(): Promise<void> {
    this.addSql(`
      alter table ledger_entries
        add column source text check (source in ('call', 'usage')),
        add column overrun_micros bigint check (overrun_micros > 0);

      alter table ledger_entries disable trigger user;
      update ledger_entries e set
        source = 'call',
        reference = substr(e.reference, length('call:') + 1),
        overrun_micros = (
          select nullif(greatest(h.charged_micros - h.amount_micros, 0), 0) from holds h
          where h.wallet_id = e.wallet_id and h.call_id = substr(e.reference, length('call:') + 1)
        )
      where e.type = 'usage' and starts_with(e.reference, 'call:');
      update ledger_entries set source = 'usage', reference = substr(reference, length('usage:') + 1)
      where type = 'usage' and source is null and starts_with(reference, 'usage:');
      alter table ledger_entries enable trigger user;

      alter table ledger_entries
        drop constraint ledger_entries_wallet_id_type_reference_key,
        add constraint ledger_entries_reference_key unique nulls not distinct (wallet_id, type, source, reference),
        add constraint ledger_entries_usage_source_check check ((type = 'usage') = (source is not null));
    `);
  }
}
