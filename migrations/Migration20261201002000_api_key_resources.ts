import { Migration } from '@mikro-orm/migrations';

/**
 * API keys become resources an owner names, lists, rotates and revokes; support users can be
 * disabled; the audit log names its actor.
 *
 * Key hashes move from SHA-256 to HMAC-SHA-256 under a server-side pepper. The pepper lives in
 * the service's configuration, not in the database, so this migration cannot re-hash: it marks
 * the existing rows `sha256`, and every process re-keys them at boot (`ApiKeysService`), which
 * it can do without the plaintext because the HMAC is taken over the key's SHA-256 digest. The
 * column keeps its `sha256` default on purpose: a writer that does not name the algorithm is the
 * previous version of the service (during a rolling deploy), and what it writes is SHA-256.
 */
export class Migration20261201002000_api_key_resources extends Migration {
  override name = 'Migration20261201002000_api_key_resources';

  override async up(): Promise<void> {
    this.addSql(`
      alter table api_keys
        add column name text not null default 'API key',
        add column expires_at timestamptz,
        add column last_used_at timestamptz,
        add column replaced_by uuid references api_keys (id),
        add column key_hash_algorithm text not null default 'sha256'
          check (key_hash_algorithm in ('sha256', 'hmac-sha256'));

      update api_keys k set name = case k.role
        when 'owner' then 'Owner key'
        when 'subteam' then coalesce((select s.name from subteams s where s.id = k.subteam_id), 'Subteam key')
        else 'Support key'
      end;

      create index api_keys_agency_idx on api_keys (agency_id, created_at) where agency_id is not null;
      create index api_keys_support_user_idx on api_keys (support_user_id) where support_user_id is not null;
      create index api_keys_legacy_hash_idx on api_keys (id) where key_hash_algorithm = 'sha256';

      alter table support_users add column disabled_at timestamptz;

      alter table audit_log add column actor_name text;
    `);
  }
}
