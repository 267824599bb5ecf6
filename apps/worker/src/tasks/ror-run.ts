import { type RorJob, RorRunStopped, runRorSyncJob } from '@trajectoire/core';
import type { JobHelpers } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/**
 * What the three ROR tasks share: run (or resume) the run, retry what may mend (graphile-worker
 * retries a thrown job, which resumes the same run from its checkpoint), log and end what cannot
 * (no configuration, a refused token): the run is FAILED with its reason either way.
 */
export async function runRorTask(
  deps: WorkerDeps,
  helpers: JobHelpers,
  kind: RorJob['kind'],
  runId: string | undefined,
): Promise<void> {
  try {
    const ran = await runRorSyncJob(deps.core, deps.ror, {
      kind,
      runId,
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
      workerId: helpers.job.locked_by,
    });
    helpers.logger.info(ran ? `ROR ${kind} run ${ran} done` : `ROR ${kind} run skipped: another run is active`);
  } catch (error) {
    if (error instanceof RorRunStopped) {
      helpers.logger.error(`ROR ${kind} run ${runId ?? ''} stopped: ${error.message}`);
      return;
    }
    throw error;
  }
}
