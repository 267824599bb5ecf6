import type { Database } from '@trajectoire/db';
import { sql } from 'kysely';
import { AppError } from './errors';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Counts a hit against `key` in fixed windows kept in Postgres, so every server
 * instance shares the same counters. Returns the count including this hit.
 */
export async function hitRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<number> {
  const row = await countHitsStatement([{ key, rule }], now).execute(db);
  return row.rows[0]?.hits ?? 1;
}

/** The start of the fixed window `now` falls in. */
function windowStart(now: Date, rule: RateLimit): Date {
  return new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
}

export async function countRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<number> {
  const row = await db
    .selectFrom('rate_limit_buckets')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '=', windowStart(now, rule))
    .executeTakeFirst();
  return row?.hits ?? 0;
}

export async function overRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<boolean> {
  return (await hitRateLimit(db, key, rule, now)) > rule.limit;
}

export const RATE_LIMITED_MESSAGE = 'Trop de tentatives. Patientez quelques minutes avant de réessayer.';

/** Counts a hit and refuses the request (429) once it goes past the limit. */
export async function enforceRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<void> {
  if (await overRateLimit(db, key, rule, now)) throw new AppError('RATE_LIMITED', RATE_LIMITED_MESSAGE);
}

/**
 * Gives back a hit counted at `now`: a limit that must count only failures, yet be reserved
 * before the check so that concurrent tries cannot overshoot it, counts every try and gives
 * back the ones that succeed.
 */
export async function refundRateLimit(db: Database, key: string, rule: RateLimit, now: Date): Promise<void> {
  await db
    .updateTable('rate_limit_buckets')
    .set({ hits: sql`greatest(hits - 1, 0)` })
    .where('key', '=', key)
    .where('window_start', '=', windowStart(now, rule))
    .execute();
}

/**
 * The statement that counts a hit against each key at once, to be written as a CTE in a larger
 * statement (one round trip): its rows are (key, hits, over), `over` when the key went past its
 * limit with this hit.
 */
export function countHitsStatement(hits: { key: string; rule: RateLimit }[], now: Date) {
  const values = hits.map(({ key, rule }) => sql`(${key}, ${windowStart(now, rule)}::timestamptz, 1)`);
  const limits = hits.map(({ key, rule }) => sql`when ${key} then ${rule.limit}::int`);
  return sql<{ key: string; hits: number; over: boolean }>`
    insert into rate_limit_buckets (key, window_start, hits) values ${sql.join(values)}
    on conflict (key, window_start) do update set hits = rate_limit_buckets.hits + 1
    returning key, hits, hits > case key ${sql.join(limits, sql` `)} end as over`;
}
