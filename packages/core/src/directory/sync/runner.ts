import type { CoreDeps } from '../../deps';
import { AppError } from '../../shared/errors';
import * as q from './queries';
import { queueDirectoryRun } from './service';

/**
 * What a run needs besides the database: how to reach the ROR. `unavailable` says why it cannot
 * (variables unset in production): the run then fails with that message.
 */
export type RorSource = { client: unknown } | { unavailable: string };

export const NOT_CONFIGURED =
  'Le ROR n’est pas configuré pour ce worker : renseignez ROR_FHIR_URL, ROR_TOKEN_URL, ROR_CLIENT_ID et ROR_CLIENT_SECRET.';

export interface RorJob {
  kind: 'FULL' | 'DELTA' | 'ESTABLISHMENT';
  /** Absent for a crontab occurrence: the run row is created first. */
  runId?: string | undefined;
  attempt: number;
  maxAttempts: number;
}

/** Runs (or resumes) one sync run to its end; throws after marking it FAILED so the job retries. */
export async function runRorSyncJob(
  deps: CoreDeps,
  source: RorSource | undefined,
  job: RorJob,
): Promise<string | undefined> {
  let runId = job.runId;
  if (!runId) {
    if (job.kind === 'ESTABLISHMENT') return undefined;
    runId = await queueDirectoryRun(deps, job.kind, null, { withJob: false });
    if (!runId) return undefined;
  }
  const run = await q.findRun(deps.db, runId);
  if (!run || run.state === 'SUCCEEDED') return runId;
  const failure = !source
    ? NOT_CONFIGURED
    : 'unavailable' in source
      ? source.unavailable
      : 'La synchronisation n’est pas encore disponible.';
  const now = deps.clock.now();
  await q.updateRun(deps.db, runId, { state: 'FAILED', failure, finished_at: now });
  throw new AppError('INVALID_INPUT', failure);
}
