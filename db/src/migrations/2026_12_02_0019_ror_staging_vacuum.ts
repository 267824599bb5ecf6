import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // A full load COPYs 230,000 rows into staging, and autovacuum woke up mid-load to vacuum and
  // analyze them (1.8 s of a backend's time on the two cores the load needs). The load analyzes
  // staging itself when it needs statistics; what autovacuum is still wanted for is reclaiming the
  // rows a purge deletes, which a dead-row count triggers.
  await sql`
    alter table ror_sync_staging set (autovacuum_vacuum_insert_threshold = -1, autovacuum_analyze_threshold = 2000000000)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ror_sync_staging reset (autovacuum_vacuum_insert_threshold, autovacuum_analyze_threshold)`.execute(
    db,
  );
}
