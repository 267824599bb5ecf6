import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).

/** The ROR's ids: staging's type, id and parent, and the ROR ids of establishments and units. */
function collateRorIds(db: Kysely<unknown>, collation: 'C' | 'default') {
  const text = sql.raw(`text collate "${collation}"`);
  return sql`
    alter table ror_sync_staging
      alter column resource_type type ${text}, alter column ror_id type ${text}, alter column part_of type ${text};
    alter table establishments alter column ror_id type ${text};
    alter table units alter column ror_id type ${text}, alter column ror_location_id type ${text}`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // The ROR's ids are identifiers, never sorted for a reader: compared byte for byte they need no
  // locale. Under the database's collation (libc's strcoll, even for C.UTF-8) the comparisons of
  // their indexes were 6–9 % of Postgres's CPU in a full load's COPY and merge. A column of the
  // default collation compared with these takes theirs, so no statement needs to say it.
  await collateRorIds(db, 'C');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await collateRorIds(db, 'default');
}
