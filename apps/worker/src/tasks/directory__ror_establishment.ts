import { parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';
import { runRorTask } from './ror-run';

/** One establishment synchronised from the ROR on demand (its Référent structure or an administrator). */
export function directoryRorEstablishment(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('directory__ror_establishment', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await runRorTask(deps, helpers, 'ESTABLISHMENT', parsed.runId);
  };
}
