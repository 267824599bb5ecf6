import type { CoreDeps } from '../deps';
import { deleteUnusableStaging } from '../directory/sync/queries';
import * as q from './queries';

const HOUR_MS = 3_600_000;
/** Longer than any rate limit's window (the longest, unknown usernames' failures, is a day). */
export const RATE_LIMIT_RETENTION_MS = 48 * HOUR_MS;
/** Kept a day after use or expiry: enough to look into a sign-in that went wrong. */
export const CHALLENGE_RETENTION_MS = 24 * HOUR_MS;
/** Kept a month after use or expiry: a link clicked late still finds why it no longer works. */
export const ACCOUNT_TOKEN_RETENTION_MS = 30 * 24 * HOUR_MS;

export interface Purged {
  captchas: number;
  rateLimitWindows: number;
  challenges: number;
  accountTokens: number;
  /** Rows a failed ROR full load staged that no later load can take over. */
  rorStaging: number;
}

/**
 * The daily purge (see the worker's crontab): what can no longer serve, the ROR staging rows no
 * load can use any more included. Each delete stands
 * alone, so a second run, or a run after a crash, simply finds less to remove.
 */
export async function purgeExpired(deps: CoreDeps): Promise<Purged> {
  const { db } = deps;
  const now = deps.clock.now().getTime();
  return {
    captchas: await q.deleteExpiredCaptchas(db, new Date(now)),
    rateLimitWindows: await q.deleteRateLimitWindowsBefore(db, new Date(now - RATE_LIMIT_RETENTION_MS)),
    challenges: await q.deleteClosedChallengesBefore(db, new Date(now - CHALLENGE_RETENTION_MS)),
    accountTokens: await q.deleteClosedAccountTokensBefore(db, new Date(now - ACCOUNT_TOKEN_RETENTION_MS)),
    rorStaging: await deleteUnusableStaging(db),
  };
}
