import { parseJobPayload, runRorSyncJob } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** One establishment synchronised from the ROR on demand (its Référent structure or an administrator). */
export function directoryRorEstablishment(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('directory__ror_establishment', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await runRorSyncJob(deps.core, deps.ror, {
      kind: 'ESTABLISHMENT',
      runId: parsed.runId,
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
    });
    helpers.logger.info(`ROR establishment run ${parsed.runId} done`);
  };
}
