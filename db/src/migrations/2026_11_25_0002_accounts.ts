import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- unaccent() is only STABLE; indexes need an IMMUTABLE wrapper pinned to its dictionary.
    create function search_key(value text) returns text
      language sql immutable parallel safe strict
      return lower(public.unaccent('public.unaccent'::regdictionary, value));

    -- Search keys, stored, in byte order ("C"): one btree both serves the prefix LIKE and returns
    -- rows already sorted, so a page of results reads about twenty index entries.
    alter table accounts
      add column search_last_name text collate "C" generated always as (search_key(last_name)) stored,
      add column search_first_name text collate "C" generated always as (search_key(first_name)) stored,
      add column search_email text collate "C" generated always as (lower(email)) stored;
    create index accounts_search_last_name_idx on accounts (search_last_name);
    create index accounts_search_first_name_idx on accounts (search_first_name);
    create index accounts_search_email_idx on accounts (search_email);
    create index accounts_search_username_idx on accounts ((username collate "C"));

    alter table accounts
      add column first_code_validated_at timestamptz,
      add column updated_at timestamptz;

    create table password_history (
      id bigint generated always as identity primary key,
      account_id uuid not null references accounts on delete cascade,
      password_hash text not null,
      set_at timestamptz not null
    );
    create index password_history_account_idx on password_history (account_id, set_at desc);

    -- Single-use links: password reset, first password of a new account, mobile verification.
    create table account_tokens (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts on delete cascade,
      purpose text not null check (purpose in ('PASSWORD_RESET', 'ACCOUNT_ACTIVATION', 'MOBILE_VERIFICATION', 'EXPIRED_PASSWORD')),
      token_hash bytea not null unique,
      target text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index account_tokens_account_idx on account_tokens (account_id, purpose);

    create table captchas (
      id uuid primary key default gen_random_uuid(),
      answer_hash bytea not null,
      question_answer_hash bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    alter table sign_in_challenges add column delivery_failed_at timestamptz;

    -- One row per notification that went out: a retried or replayed job finds it and sends nothing.
    create table sent_notifications (
      key text primary key,
      sent_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sign_in_challenges drop column delivery_failed_at;
    drop table sent_notifications, captchas, account_tokens, password_history;
    alter table accounts drop column first_code_validated_at, drop column updated_at;
    drop index accounts_search_username_idx;
    alter table accounts drop column search_last_name, drop column search_first_name, drop column search_email;
    drop function search_key(text);
  `.execute(db);
}
