import { purgeExpired } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/**
 * Daily (see crontab.ts): deletes expired captchas, past rate-limit windows, closed sign-in
 * challenges, closed single-use links and the ROR staging rows no load can use any more. It takes no payload; a second run finds less to do.
 */
export function maintenancePurgeExpired(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const purged = await purgeExpired(deps.core);
    helpers.logger.info(
      `purged: ${purged.captchas} captchas, ${purged.rateLimitWindows} rate-limit windows, ${purged.challenges} sign-in challenges, ${purged.accountTokens} account tokens, ${purged.rorStaging} ROR staging rows`,
    );
  };
}
