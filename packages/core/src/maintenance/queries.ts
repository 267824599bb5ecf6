import type { Database } from '@trajectoire/db';

/** One statement each; every one returns how many rows it removed. */

export async function deleteExpiredCaptchas(db: Database, now: Date): Promise<number> {
  const result = await db.deleteFrom('captchas').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteRateLimitWindowsBefore(db: Database, before: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_buckets').where('window_start', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Challenges consumed, or expired, before `before`. */
export async function deleteClosedChallengesBefore(db: Database, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('sign_in_challenges')
    .where((eb) => eb.or([eb('consumed_at', '<', before), eb('expires_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Single-use links and tokens used, or expired, before `before`. */
export async function deleteClosedAccountTokensBefore(db: Database, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('account_tokens')
    .where((eb) => eb.or([eb('used_at', '<', before), eb('expires_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
