import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).

export async function up(db: Kysely<unknown>): Promise<void> {
  // units (establishment_id, name) answers every lookup by establishment alone too (its leading
  // column: the unit lists, the foreign key's cascade, the sync's closing of a batch's units), so the
  // index on establishment_id alone only cost a second insertion for every unit written.
  await sql`drop index units_establishment_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index units_establishment_idx on units (establishment_id)`.execute(db);
}
