import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // A worker killed mid-run leaves its run RUNNING, and graphile-worker hands the job out again only
  // once the dead worker's lock is 4 hours old: meanwhile every start was refused (and the next
  // run's job waited behind the dead one's in the « ror » queue). A running run now says it is
  // alive (every 20 s) and which graphile-worker holds it; one silent for 2 minutes is taken for
  // dead when a start asks, and that worker's locks are released.
  await sql`alter table ror_sync_runs add column heartbeat_at timestamptz, add column worker_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ror_sync_runs drop column heartbeat_at, drop column worker_id`.execute(db);
}
