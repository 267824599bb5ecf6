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
 * The statement that counts a hit against each key at once, to be written as a CTE in a larger
 * statement (one round trip): its rows are (key, hits, over), `over` when the key went past its
 * limit with this hit.
 */
export function countHitsStatement(hits: { key: string; rule: RateLimit }[], now: Date) {
  const values = hits.map(
    ({ key, rule }) =>
      sql`(${key}, ${new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs)}::timestamptz, 1)`,
  );
  const limits = hits.map(({ key, rule }) => sql`when ${key} then ${rule.limit}::int`);
  return sql`
    insert into rate_limit_buckets (key, window_start, hits) values ${sql.join(values)}
    on conflict (key, window_start) do update set hits = rate_limit_buckets.hits + 1
    returning key, hits, hits > case key ${sql.join(limits, sql` `)} end as over`;
}
