import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Where an account was brought in (created by a référent of that establishment or unit). With
    -- its habilitations, this is what puts an account in a référent's scope: an account attached
    -- nowhere and holding no habilitation is an administrator's alone.
    create table account_attachments (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts on delete cascade,
      establishment_id uuid not null references establishments on delete cascade,
      unit_id uuid references units on delete cascade,
      created_at timestamptz not null,
      created_by uuid references accounts on delete set null
    );
    create unique index account_attachments_place_key
      on account_attachments (account_id, establishment_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table account_attachments`.execute(db);
}
