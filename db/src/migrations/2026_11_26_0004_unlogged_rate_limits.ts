import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Every sign-in from one address increments the same bucket row, and an increment held its row
  // lock until the commit reached the disk: concurrent sign-ins queued behind one another's WAL
  // flush (about 57 a second at most here, whatever the cores). Counters need no durability —
  // after a crash they start again from zero, as a new window would — so they write no WAL.
  await sql`alter table rate_limit_buckets set unlogged`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limit_buckets set logged`.execute(db);
}
