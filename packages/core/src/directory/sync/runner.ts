import { type RorClient, RorError, RorTokenRefused } from '@trajectoire/ror-client';
import type { CoreDeps } from '../../deps';
import { type FullCheckpoint, type FullLoadOptions, runFullLoad } from './full-load';
import * as q from './queries';
import { DELTA_TYPES, type DeltaCheckpoint, type DeltaWindow, runDelta, runEstablishment } from './searches';
import { queueDirectoryRun, RUN_HEARTBEAT_MS } from './service';
import { RorRunStopped } from './stopped';

/**
 * What a run needs besides the database: how to reach the ROR. `unavailable` says why it cannot
 * (variables unset in production): the run then fails with that message.
 */
export type RorSource = { client: RorClient; options?: FullLoadOptions } | { unavailable: string };

export const NOT_CONFIGURED =
  'Le ROR n’est pas configuré pour ce worker : renseignez ROR_FHIR_URL, ROR_TOKEN_URL, ROR_CLIENT_ID et ROR_CLIENT_SECRET.';

/** How far back a delta starts before the last successful run's end. */
export const DELTA_OVERLAP_MS = 60_000;

export interface RorJob {
  kind: 'FULL' | 'DELTA' | 'ESTABLISHMENT';
  /** Absent for a crontab occurrence: the run row is created first. */
  runId?: string | undefined;
  attempt: number;
  maxAttempts: number;
  /** The graphile-worker running it: released if it dies (see service.ts, abandonIfDead). */
  workerId?: string | null;
}

type Checkpoint = (FullCheckpoint | DeltaCheckpoint | { mode?: undefined; adoptedBy?: string }) & {
  /** Its worker died and a start took it for dead (service.ts): its job, handed out again, stops. */
  abandoned?: boolean;
};

export { RorRunStopped } from './stopped';

/**
 * Runs (or resumes) one sync run to its end. A failure marks the run FAILED with its reason (in
 * French) and its checkpoint kept, then is thrown again so that graphile-worker retries the job,
 * which resumes the same run; a refused token or a missing configuration is not retried. Answers
 * the run's id, or undefined when a crontab occurrence found another run active.
 */
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
  const checkpoint = (run.checkpoint ?? {}) as Checkpoint;
  if ('adoptedBy' in checkpoint && checkpoint.adoptedBy) return runId;
  if (checkpoint.abandoned) return runId;

  const startedAt = run.started_at ? new Date(run.started_at) : deps.clock.now();
  if (!source || 'unavailable' in source) {
    await finish(deps, runId, startedAt, !source ? NOT_CONFIGURED : source.unavailable);
    throw new RorRunStopped(!source ? NOT_CONFIGURED : source.unavailable);
  }
  await q.updateRun(deps.db, runId, {
    state: 'RUNNING',
    failure: null,
    started_at: startedAt,
    finished_at: null,
    heartbeat_at: deps.clock.now(),
    worker_id: job.workerId ?? null,
  });
  // Signs of life while the run goes on: a start that finds it silent too long takes it for dead.
  const heartbeat = setInterval(() => {
    void q.updateRun(deps.db, runId, { heartbeat_at: deps.clock.now() }).catch(() => undefined);
  }, RUN_HEARTBEAT_MS);
  try {
    if (run.kind === 'ESTABLISHMENT') {
      const establishment = run.establishment_id
        ? await q.findEstablishmentForSync(deps.db, run.establishment_id)
        : undefined;
      if (!establishment) throw new RorRunStopped('Cet établissement n’existe plus.');
      await runEstablishment(deps, source.client, runId, {
        id: establishment.id,
        rorId: establishment.ror_id,
        finess: establishment.finess,
      });
    } else {
      await runDirectory(deps, source, runId, run.kind as 'FULL' | 'DELTA', checkpoint);
    }
  } catch (error) {
    const reason =
      error instanceof RorError || error instanceof RorRunStopped
        ? error.message
        : `Erreur inattendue : ${error instanceof Error ? error.message : String(error)}`;
    const last = job.attempt >= job.maxAttempts;
    const retried = !(error instanceof RorTokenRefused || error instanceof RorRunStopped) && !last;
    await finish(
      deps,
      runId,
      startedAt,
      retried ? `${reason} (nouvel essai automatique ${job.attempt + 1}/${job.maxAttempts} à suivre)` : reason,
    );
    if (error instanceof RorTokenRefused) throw new RorRunStopped(reason);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  await finish(deps, runId, startedAt, null);
  return runId;
}

async function finish(deps: CoreDeps, runId: string, startedAt: Date, failure: string | null) {
  const now = deps.clock.now();
  await q.updateRun(deps.db, runId, {
    state: failure ? 'FAILED' : 'SUCCEEDED',
    failure,
    started_at: startedAt,
    finished_at: now,
    duration_ms: Math.max(0, now.getTime() - startedAt.getTime()),
    ...(failure ? {} : { phase: 'DONE' }),
  });
}

/**
 * A FULL or DELTA run. A delta with no earlier successful run to start from does a full load
 * instead (it is the only way to learn what the ROR has, closures included). A full load that
 * starts afresh takes over the checkpoint of the last full load when that one failed.
 */
async function runDirectory(
  deps: CoreDeps,
  source: { client: RorClient; options?: FullLoadOptions },
  runId: string,
  kind: 'FULL' | 'DELTA',
  checkpoint: Checkpoint,
) {
  let cp = checkpoint;
  if (!cp.mode) {
    if (kind === 'DELTA') {
      const watermark = await q.lastDirectoryWatermark(deps.db);
      if (watermark?.until) {
        // A little before the last run's end: a change the ROR committed late, or stamped by a
        // clock a little behind ours, is read again rather than missed (unchanged rows are not rewritten).
        const since = new Date(new Date(watermark.until).getTime() - DELTA_OVERLAP_MS);
        const until = deps.clock.now();
        // One window per type; a window whose first page says more than a search serves is halved then.
        const windows: DeltaWindow[] = DELTA_TYPES.map((type) => ({
          type,
          since: since.toISOString(),
          until: until.toISOString(),
          total: null,
        }));
        cp = { mode: 'DELTA', windows, window: 0, next: null, pages: 0 };
        await q.updateRun(deps.db, runId, { since, until, checkpoint: cp });
      } else {
        cp = { mode: 'FULL' };
        await q.updateRun(deps.db, runId, { phase: 'FULL (aucune synchronisation antérieure)', checkpoint: cp });
      }
    }
    if (!cp.mode || cp.mode === 'FULL') cp = await adoptFailedFullLoad(deps, runId);
  }
  if (cp.mode === 'DELTA') {
    await runDelta(deps, source.client, runId, cp, {
      ...(source.options?.pageSize ? { pageSize: source.options.pageSize } : {}),
      ...(source.options?.searchCap ? { searchCap: source.options.searchCap } : {}),
    });
  } else await runFullLoad(deps, source.client, runId, cp as FullCheckpoint, source.options);
}

/**
 * The last full load failed with files staged or merged: this run carries on from there (its
 * staged rows, errors and counts move here) rather than asking the ROR for everything again.
 */
async function adoptFailedFullLoad(deps: CoreDeps, runId: string): Promise<FullCheckpoint> {
  return deps.db.transaction().execute(async (trx) => {
    const previous = await q.latestFailedFullLoad(trx, runId);
    const cp = (previous?.checkpoint ?? {}) as Checkpoint;
    // A run already taken over has nothing left to give (its staged rows moved with it).
    if (previous?.state !== 'FAILED' || cp.mode !== 'FULL' || !cp.manifest || cp.adoptedBy) {
      const fresh: FullCheckpoint = { mode: 'FULL' };
      await q.updateRun(trx, runId, { checkpoint: fresh });
      return fresh;
    }
    const adopted: FullCheckpoint & { abandoned?: boolean } = { ...cp, adoptedBy: undefined };
    delete adopted.adoptedBy;
    delete adopted.abandoned;
    await trx.updateTable('ror_sync_staging').set({ run_id: runId }).where('run_id', '=', previous.id).execute();
    await trx.updateTable('ror_sync_errors').set({ run_id: runId }).where('run_id', '=', previous.id).execute();
    const old = await q.findRun(trx, previous.id);
    if (old) {
      await trx
        .updateTable('ror_sync_runs')
        .set({
          created: old.created,
          updated: old.updated,
          unchanged: old.unchanged,
          closed: old.closed,
          error_count: old.error_count,
          until: old.until,
          progress_done: old.progress_done,
          progress_total: old.progress_total,
        })
        .where('id', '=', runId)
        .execute();
    }
    await q.updateRun(trx, previous.id, {
      checkpoint: { ...cp, adoptedBy: runId },
      failure: `${old?.failure ?? 'Échec'} — reprise par la synchronisation suivante.`,
    });
    await q.updateRun(trx, runId, { checkpoint: adopted });
    return adopted;
  });
}
