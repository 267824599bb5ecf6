import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // A full load stages about 360,000 rows by COPY; checking each one's run against
  // ror_sync_runs (a row-level trigger per row) took 4.5 s of the database's CPU, more than the
  // rows' own parsing and index. The run writing them exists by construction (the job that stages
  // holds it), runs are never deleted, and each run clears its own rows (clearStaging).
  await sql`alter table ror_sync_staging drop constraint ror_sync_staging_run_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from ror_sync_staging s where not exists (select 1 from ror_sync_runs r where r.id = s.run_id);
    alter table ror_sync_staging add constraint ror_sync_staging_run_id_fkey
      foreign key (run_id) references ror_sync_runs on delete cascade`.execute(db);
}
