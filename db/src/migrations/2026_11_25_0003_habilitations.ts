import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table habilitations add column updated_at timestamptz;

    -- The review filters on establishment and domain, then sorts; the expiry sweep reads by end date.
    create index habilitations_review_idx on habilitations (establishment_id, domain, ends_on);
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
    drop index habilitations_review_idx, habilitations_ends_on_idx;
    alter table habilitations drop column updated_at;
  `.execute(db);
}
