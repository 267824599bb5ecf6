import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // A review counts an establishment's habilitations in one domain (optionally one profile). The
  // review indexes answer it too, but they carry the holder's sort key: counting 5,700 entries read
  // 600 pages of them. This one is narrow (about 30 pages for as many), and still serves the
  // lookups by establishment and profile it replaces (Postgres skips over the few domains).
  await sql`
    create index habilitations_establishment_domain_idx on habilitations (establishment_id, domain, profile);
    drop index habilitations_establishment_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index habilitations_establishment_idx on habilitations (establishment_id, profile);
    drop index habilitations_establishment_domain_idx;
  `.execute(db);
}
