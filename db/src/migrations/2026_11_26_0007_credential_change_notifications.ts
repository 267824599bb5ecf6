import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Servers keep what an API key acts as (its account, the account's habilitations and where
  // they are) in memory; any change to those rows tells them, on commit, to drop it all. The
  // payload is empty: Postgres sends one notification per transaction however many rows changed.
  await sql`
    create function notify_credentials_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('credentials_changed', '');
      return null;
    end $$;

    create trigger api_keys_changed after update on api_keys for each row
      when (old.revoked_at is distinct from new.revoked_at
        or old.secret_hash is distinct from new.secret_hash
        or old.account_id is distinct from new.account_id)
      execute function notify_credentials_changed();
    create trigger api_keys_removed after delete or truncate on api_keys
      for each statement execute function notify_credentials_changed();

    create trigger accounts_changed after update on accounts for each row
      when ((old.username, old.first_name, old.last_name, old.email, old.national_admin, old.blocked_at, old.deactivated_at)
        is distinct from (new.username, new.first_name, new.last_name, new.email, new.national_admin, new.blocked_at, new.deactivated_at))
      execute function notify_credentials_changed();
    create trigger accounts_removed after delete or truncate on accounts
      for each statement execute function notify_credentials_changed();

    create trigger habilitations_changed after insert or update or delete or truncate on habilitations
      for each statement execute function notify_credentials_changed();

    create trigger establishments_changed after update of name, departement or delete or truncate on establishments
      for each statement execute function notify_credentials_changed();
    create trigger units_changed after update of name, establishment_id or delete or truncate on units
      for each statement execute function notify_credentials_changed();
    create trigger admission_desks_changed after update of name, establishment_id or delete or truncate on admission_desks
      for each statement execute function notify_credentials_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger admission_desks_changed on admission_desks;
    drop trigger units_changed on units;
    drop trigger establishments_changed on establishments;
    drop trigger habilitations_changed on habilitations;
    drop trigger accounts_removed on accounts;
    drop trigger accounts_changed on accounts;
    drop trigger api_keys_removed on api_keys;
    drop trigger api_keys_changed on api_keys;
    drop function notify_credentials_changed();
  `.execute(db);
}
