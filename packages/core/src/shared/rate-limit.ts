import type { Database } from '@trajectoire/db';
import { sql } from 'kysely';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Counts a hit against `key` in fixed windows kept in Postgres, so every server
 * instance shares the same counters. Returns the count including this hit.
 */
export async function hitRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const row = await sql<{ hits: number }>`
    insert into rate_limit_buckets (key, window_start, hits) values (${key}, ${windowStart}, 1)
    on conflict (key, window_start) do update set hits = rate_limit_buckets.hits + 1
    returning hits`.execute(db);
  return row.rows[0]?.hits ?? 1;
}

export async function countRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const row = await db
    .selectFrom('rate_limit_buckets')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

export async function overRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<boolean> {
  return (await hitRateLimit(db, key, rule, now)) > rule.limit;
}

/**
 * Counts a hit against each key at once (one statement, one round trip) and tells whether any
 * of them went over its limit.
 */
export async function overAnyRateLimit(
  db: Database,
  hits: { key: string; rule: RateLimit }[],
  now: Date,
): Promise<boolean> {
  const values = hits.map(
    ({ key, rule }) =>
      sql`(${key}, ${new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs)}::timestamptz, 1)`,
  );
  const rows = await sql<{ key: string; hits: number }>`
    insert into rate_limit_buckets (key, window_start, hits) values ${sql.join(values)}
    on conflict (key, window_start) do update set hits = rate_limit_buckets.hits + 1
    returning key, hits`.execute(db);
  return rows.rows.some(
    (row) => row.hits > (hits.find((h) => h.key === row.key)?.rule.limit ?? Number.POSITIVE_INFINITY),
  );
}
