import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table habilitations
      add column updated_at timestamptz,
      -- The holder's name as the review sorts it, kept here so that a page of a structure's review
      -- is read in index order instead of sorting thousands of joined rows.
      add column holder_sort_key text collate "C" not null default '';

    create function habilitation_holder_sort_key(account uuid) returns text
      language sql stable
      return (select search_key(last_name || ' ' || first_name) from accounts where id = account);

    create function habilitations_set_holder_sort_key() returns trigger language plpgsql as $$
    begin
      new.holder_sort_key := coalesce(habilitation_holder_sort_key(new.account_id), '');
      return new;
    end $$;
    create trigger habilitations_holder_sort_key before insert or update of account_id on habilitations
      for each row execute function habilitations_set_holder_sort_key();

    create function accounts_propagate_sort_key() returns trigger language plpgsql as $$
    begin
      update habilitations set holder_sort_key = search_key(new.last_name || ' ' || new.first_name)
        where account_id = new.id;
      return new;
    end $$;
    create trigger accounts_propagate_sort_key after update of last_name, first_name on accounts
      for each row when (old.last_name is distinct from new.last_name or old.first_name is distinct from new.first_name)
      execute function accounts_propagate_sort_key();

    update habilitations set holder_sort_key = coalesce(habilitation_holder_sort_key(account_id), '');

    -- The review filters on establishment and domain, then sorts by name, profile or end date;
    -- the expiry sweep reads by end date.
    create index habilitations_review_name_idx on habilitations (establishment_id, domain, holder_sort_key, id);
    create index habilitations_review_profile_idx on habilitations (establishment_id, domain, profile, holder_sort_key, id);
    create index habilitations_review_end_idx on habilitations (establishment_id, domain, ends_on, holder_sort_key, id);
    create index habilitations_ends_on_idx on habilitations (ends_on);

    -- One row per habilitation and end date whose holder was (or is being) warned: the daily sweep
    -- inserts it before enqueuing the mail, so a second run, or a run after a crash, finds it.
    create table habilitation_expiry_notices (
      habilitation_id uuid not null references habilitations on delete cascade,
      ends_on date not null,
      enqueued_at timestamptz not null,
      sent_at timestamptz,
      primary key (habilitation_id, ends_on)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table habilitation_expiry_notices;
    drop index habilitations_review_name_idx, habilitations_review_profile_idx, habilitations_review_end_idx,
      habilitations_ends_on_idx;
    drop trigger accounts_propagate_sort_key on accounts;
    drop trigger habilitations_holder_sort_key on habilitations;
    drop function accounts_propagate_sort_key(), habilitations_set_holder_sort_key(), habilitation_holder_sort_key(uuid);
    alter table habilitations drop column updated_at, drop column holder_sort_key;
  `.execute(db);
}
