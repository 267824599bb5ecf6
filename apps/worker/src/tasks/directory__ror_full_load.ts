import { parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';
import { runRorTask } from './ror-run';

/**
 * The full load of the directory from the ROR's bulk `$export` (weekly, see crontab.ts, or started
 * by an administrator): stages every file, merges establishment by establishment, closes what the
 * ROR no longer has. A failed attempt leaves the run FAILED with its checkpoint; the retry resumes it.
 */
export function directoryRorFullLoad(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('directory__ror_full_load', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await runRorTask(deps, helpers, 'FULL', parsed.runId);
  };
}
