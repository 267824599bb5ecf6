import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists unaccent;

    create table establishments (
      id uuid primary key default gen_random_uuid(),
      finess char(9) not null unique,
      name text not null,
      departement text not null,
      category text not null,
      address text,
      postal_code text,
      city text,
      phone text,
      email text,
      created_at timestamptz not null default now()
    );
    create index establishments_departement_idx on establishments (departement, name);

    create table units (
      id uuid primary key default gen_random_uuid(),
      establishment_id uuid not null references establishments on delete cascade,
      name text not null,
      kind text not null,
      created_at timestamptz not null default now()
    );
    create index units_establishment_idx on units (establishment_id);

    create table admission_desks (
      id uuid primary key default gen_random_uuid(),
      establishment_id uuid not null references establishments on delete cascade,
      name text not null,
      created_at timestamptz not null default now()
    );
    create index admission_desks_establishment_idx on admission_desks (establishment_id);

    create table accounts (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      last_name text not null,
      first_name text not null,
      email text not null,
      phone text,
      mobile text,
      mobile_verified_at timestamptz,
      code_channel text not null default 'EMAIL' check (code_channel in ('EMAIL', 'SMS')),
      profession text,
      national_admin boolean not null default false,
      national_id text,
      password_hash text,
      password_changed_at timestamptz,
      failed_sign_ins integer not null default 0,
      blocked_at timestamptz,
      created_at timestamptz not null default now(),
      deactivated_at timestamptz,
      constraint accounts_username_lower check (username = lower(username))
    );
    create unique index accounts_username_key on accounts (username);
    create unique index accounts_active_email_key on accounts (lower(email)) where deactivated_at is null;
    create unique index accounts_national_id_key on accounts (national_id) where national_id is not null;

    create table habilitations (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts on delete cascade,
      profile text not null,
      domain text not null,
      level text not null check (level in ('ESTABLISHMENT', 'UNIT', 'ADMISSION_DESK')),
      establishment_id uuid not null references establishments,
      unit_id uuid references units,
      admission_desk_id uuid references admission_desks,
      starts_on date not null,
      ends_on date not null,
      receive_emails boolean not null default true,
      privileges jsonb not null default '{}',
      created_at timestamptz not null default now(),
      created_by uuid references accounts,
      check (ends_on >= starts_on),
      check ((level = 'ESTABLISHMENT') = (unit_id is null and admission_desk_id is null)),
      check ((level = 'UNIT') = (unit_id is not null)),
      check ((level = 'ADMISSION_DESK') = (admission_desk_id is not null))
    );
    create index habilitations_account_idx on habilitations (account_id);
    create index habilitations_establishment_idx on habilitations (establishment_id, profile);
    create index habilitations_unit_idx on habilitations (unit_id) where unit_id is not null;

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      account_id uuid not null references accounts on delete cascade,
      auth_method text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_account_idx on sessions (account_id) where revoked_at is null;

    create table trusted_browsers (
      id uuid primary key default gen_random_uuid(),
      browser_hash bytea not null,
      account_id uuid not null references accounts on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      unique (browser_hash, account_id)
    );

    create table sign_in_challenges (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      account_id uuid not null references accounts on delete cascade,
      channel text not null check (channel in ('EMAIL', 'SMS')),
      destination text not null,
      generation integer not null default 1,
      sent_generation integer not null default 0,
      attempts integer not null default 0,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_sent_at timestamptz not null,
      consumed_at timestamptz,
      ip text
    );
    create index sign_in_challenges_account_idx on sign_in_challenges (account_id, created_at);

    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts on delete cascade,
      name text not null,
      secret_hash bytea not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_keys_account_idx on api_keys (account_id);

    create table rate_limit_buckets (
      key text not null,
      window_start timestamptz not null,
      hits integer not null,
      primary key (key, window_start)
    );

    create table audit_events (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      action text not null,
      actor_account_id uuid references accounts on delete set null,
      subject_account_id uuid references accounts on delete set null,
      ip text,
      user_agent text,
      details jsonb not null default '{}'
    );
    create index audit_events_subject_idx on audit_events (subject_account_id, occurred_at);
    create index audit_events_action_idx on audit_events (action, occurred_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table audit_events, rate_limit_buckets, api_keys, sign_in_challenges, trusted_browsers,
      sessions, habilitations, accounts, admission_desks, units, establishments;
  `.execute(db);
}
