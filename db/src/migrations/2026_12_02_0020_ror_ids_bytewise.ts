import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // The ROR's ids are identifiers, never sorted for a reader: compared byte for byte they need no
  // locale. Under the database's collation (libc's strcoll, even for C.UTF-8) the comparisons of
  // their indexes were 6–9 % of Postgres's CPU in a full load's COPY and merge. A column of the
  // default collation compared with these takes theirs, so no statement needs to say it.
  await sql`
    alter table ror_sync_staging
      alter column resource_type type text collate "C",
      alter column ror_id type text collate "C",
      alter column part_of type text collate "C";
    alter table establishments alter column ror_id type text collate "C";
    alter table units alter column ror_id type text collate "C", alter column ror_location_id type text collate "C"`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ror_sync_staging
      alter column resource_type type text collate "default",
      alter column ror_id type text collate "default",
      alter column part_of type text collate "default";
    alter table establishments alter column ror_id type text collate "default";
    alter table units alter column ror_id type text collate "default", alter column ror_location_id type text collate "default"`.execute(
    db,
  );
}
