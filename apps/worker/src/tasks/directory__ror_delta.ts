import { parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';
import { runRorTask } from './ror-run';

/**
 * The daily delta (see crontab.ts, or started by an administrator): what the ROR changed since the
 * last successful run, page by page, each page merged with its checkpoint in one transaction.
 */
export function directoryRorDelta(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('directory__ror_delta', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await runRorTask(deps, helpers, 'DELTA', parsed.runId);
  };
}
