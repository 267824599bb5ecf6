import type { DB } from '@trajectoire/db';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<DB> | Transaction<DB>;

export type RunKind = 'FULL' | 'DELTA' | 'ESTABLISHMENT';
export type RunState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Every statement of the ROR sync's run bookkeeping (the merge's statements are in merge.ts). */

export function insertRun(
  db: Db,
  values: { kind: RunKind; establishmentId: string | null; requestedBy: string | null; queuedAt: Date },
) {
  return db
    .insertInto('ror_sync_runs')
    .values({
      kind: values.kind,
      establishment_id: values.establishmentId,
      requested_by: values.requestedBy,
      queued_at: values.queuedAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/**
 * Serialises starts of one kind (FULL and DELTA are one family: both write the whole directory;
 * ESTABLISHMENT runs per establishment): a transaction-scoped advisory lock, so that two
 * simultaneous starts never both see « nothing running ».
 */
export async function lockStarts(trx: Transaction<DB>, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ror-sync:${key}`}, 0))`.execute(trx);
}

/** The queued or running FULL/DELTA run, if any. */
/** What a start needs to know of an active run: whether its worker still shows signs of life. */
const ACTIVE_RUN_COLUMNS = ['id', 'kind', 'state', 'heartbeat_at', 'started_at', 'queued_at', 'worker_id'] as const;
export type ActiveRun = {
  id: string;
  state: string;
  heartbeat_at: Date | null;
  started_at: Date | null;
  queued_at: Date;
  worker_id: string | null;
};

export function activeDirectoryRun(db: Db) {
  return db
    .selectFrom('ror_sync_runs')
    .select(ACTIVE_RUN_COLUMNS)
    .where('kind', 'in', ['FULL', 'DELTA'])
    .where('state', 'in', ['QUEUED', 'RUNNING'])
    .executeTakeFirst();
}

export function activeEstablishmentRun(db: Db, establishmentId: string) {
  return db
    .selectFrom('ror_sync_runs')
    .select(ACTIVE_RUN_COLUMNS)
    .where('kind', '=', 'ESTABLISHMENT')
    .where('establishment_id', '=', establishmentId)
    .where('state', 'in', ['QUEUED', 'RUNNING'])
    .executeTakeFirst();
}

export function findEstablishmentForSync(db: Db, id: string) {
  return db
    .selectFrom('establishments')
    .select(['id', 'name', 'ror_id', 'finess'])
    .where('id', '=', id)
    .executeTakeFirst();
}

const RUN_COLUMNS = [
  'r.id',
  'r.kind',
  'r.establishment_id',
  'r.requested_by',
  'r.state',
  'r.phase',
  'r.since',
  'r.until',
  'r.progress_done',
  'r.progress_total',
  'r.created',
  'r.updated',
  'r.unchanged',
  'r.closed',
  'r.error_count',
  'r.checkpoint',
  'r.failure',
  'r.queued_at',
  'r.started_at',
  'r.finished_at',
  'r.duration_ms',
] as const;

export function findRun(db: Db, id: string) {
  return db
    .selectFrom('ror_sync_runs as r')
    .leftJoin('establishments as e', 'e.id', 'r.establishment_id')
    .select(RUN_COLUMNS)
    .select(['e.name as establishment_name'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

/** Locks the run's row for the rest of the transaction (a page's merge, a state change). */
export function lockRun(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('ror_sync_runs as r')
    .leftJoin('establishments as e', 'e.id', 'r.establishment_id')
    .select(RUN_COLUMNS)
    .select(['e.name as establishment_name'])
    .where('r.id', '=', id)
    .forUpdate('r')
    .executeTakeFirst();
}

/**
 * Runs, newest first, from a keyset cursor; `establishmentIds` restricts to the runs of those
 * establishments (a Référent structure's view), undefined to every run (an administrator's).
 */
export function listRuns(
  db: Db,
  options: { establishmentIds?: readonly string[]; after?: { queuedAt: Date; id: string }; limit: number },
) {
  let query = db
    .selectFrom('ror_sync_runs as r')
    .leftJoin('establishments as e', 'e.id', 'r.establishment_id')
    .select(RUN_COLUMNS)
    .select(['e.name as establishment_name']);
  if (options.establishmentIds) {
    if (options.establishmentIds.length === 0) return Promise.resolve([]);
    query = query.where('r.establishment_id', 'in', [...options.establishmentIds]);
  }
  if (options.after) {
    const { queuedAt, id } = options.after;
    query = query.where(sql<boolean>`(r.queued_at, r.id) < (${queuedAt}, ${id}::uuid)`);
  }
  return query.orderBy('r.queued_at', 'desc').orderBy('r.id', 'desc').limit(options.limit).execute();
}

export function listRunErrors(db: Db, runId: string, options: { afterId?: string; limit: number }) {
  let query = db
    .selectFrom('ror_sync_errors')
    .select(['id', 'resource_type', 'resource_id', 'reason'])
    .where('run_id', '=', runId);
  if (options.afterId) query = query.where('id', '>', options.afterId);
  return query.orderBy('id').limit(options.limit).execute();
}

/** The last successful run that read the whole directory up to `until` (a delta starts there). */
export function lastDirectoryWatermark(db: Db) {
  return db
    .selectFrom('ror_sync_runs')
    .select(['id', 'kind', 'until'])
    .where('kind', 'in', ['FULL', 'DELTA'])
    .where('state', '=', 'SUCCEEDED')
    .where('until', 'is not', null)
    .orderBy('until', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The latest FULL-load run, when it failed: a new full load takes over its checkpoint (the export
 * and the files already staged) instead of asking the ROR for everything again.
 */
export function latestFailedFullLoad(db: Db, excludeId: string) {
  return db
    .selectFrom('ror_sync_runs')
    .select(['id', 'kind', 'state', 'checkpoint', 'queued_at'])
    .where('kind', 'in', ['FULL', 'DELTA'])
    .where('id', '<>', excludeId)
    .orderBy('queued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function updateRun(
  db: Db,
  id: string,
  values: Partial<{
    state: RunState;
    phase: string | null;
    since: Date | null;
    until: Date | null;
    progress_done: number;
    progress_total: number | null;
    checkpoint: unknown;
    failure: string | null;
    started_at: Date | null;
    finished_at: Date | null;
    duration_ms: number | null;
    heartbeat_at: Date | null;
    worker_id: string | null;
  }>,
) {
  const { checkpoint, ...rest } = values;
  return db
    .updateTable('ror_sync_runs')
    .set({ ...rest, ...(checkpoint !== undefined ? { checkpoint: JSON.stringify(checkpoint) } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Adds to the run's report (each merged batch adds what it did, in its own transaction). */
/**
 * A full load's merged batch, appended to its run's checkpoint in SQL (batches merged side by side
 * commit in any order, and each must find the others' ranges there), and counted in its progress.
 */
export async function recordMergedBatch(db: Db, id: string, range: [string, string]): Promise<void> {
  await sql`
    update ror_sync_runs
    set checkpoint = jsonb_set(checkpoint, '{merged}', coalesce(checkpoint->'merged', '[]'::jsonb) || jsonb_build_array(${JSON.stringify(range)}::jsonb)),
      progress_done = progress_done + 1
    where id = ${id}::uuid`.execute(db);
}

export function addToReport(
  db: Db,
  id: string,
  counts: { created: number; updated: number; unchanged: number; closed: number; errors: number },
) {
  return db
    .updateTable('ror_sync_runs')
    .set((eb) => ({
      created: eb('created', '+', counts.created),
      updated: eb('updated', '+', counts.updated),
      unchanged: eb('unchanged', '+', counts.unchanged),
      closed: eb('closed', '+', counts.closed),
      error_count: eb('error_count', '+', counts.errors),
    }))
    .where('id', '=', id)
    .execute();
}

export interface SyncErrorRow {
  resourceType: string;
  resourceId: string;
  reason: string;
}

export async function insertErrors(db: Db, runId: string, errors: readonly SyncErrorRow[]): Promise<void> {
  if (errors.length === 0) return;
  await db
    .insertInto('ror_sync_errors')
    .values(
      errors.map((e) => ({
        run_id: runId,
        resource_type: e.resourceType,
        resource_id: e.resourceId.slice(0, 200),
        reason: e.reason,
      })),
    )
    .execute();
  await db
    .updateTable('ror_sync_runs')
    .set((eb) => ({ error_count: eb('error_count', '+', errors.length) }))
    .where('id', '=', runId)
    .execute();
}

/**
 * A run whose worker died: FAILED with the reason, its checkpoint kept (the next full load takes it
 * over) and marked abandoned, so that its job, handed out again once the dead worker's lock is
 * stale, does nothing.
 */
export function abandonRun(db: Db, id: string, failure: string, now: Date) {
  return db
    .updateTable('ror_sync_runs')
    .set({
      state: 'FAILED',
      failure,
      finished_at: now,
      checkpoint: sql`checkpoint || '{"abandoned": true}'::jsonb`,
    })
    .where('id', '=', id)
    .where('state', '=', 'RUNNING')
    .execute();
}

/**
 * Releases what a dead graphile-worker held (its jobs, and the « ror » queue behind which the next
 * run's job would wait): graphile-worker's own function for after a worker crash.
 */
export function releaseDeadWorker(db: Db, workerId: string) {
  return sql`select graphile_worker.force_unlock_workers(${[workerId]}::text[])`.execute(db);
}

/**
 * Staged rows no run can use any more: those of a run neither active nor the one a next full load
 * would take over (the latest FULL/DELTA run not active, see latestFailedFullLoad). A full load
 * that failed and was never taken over left 360,000 of them (some 200 MB) for good. Answers how
 * many were deleted.
 */
export async function deleteUnusableStaging(db: Db): Promise<number> {
  const result = await sql`
    delete from ror_sync_staging s
    where not exists (
      select 1 from ror_sync_runs r
      where r.id = s.run_id
        and (r.state in ('QUEUED', 'RUNNING')
             or r.id = (select l.id from ror_sync_runs l
                        where l.kind in ('FULL', 'DELTA') and l.state not in ('QUEUED', 'RUNNING')
                        order by l.queued_at desc limit 1)))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Whether the run still belongs to whoever runs it: RUNNING, neither taken for dead nor taken over.
 * Read without a lock between steps (a file, a batch, a page), so that a worker frozen past its
 * heartbeat stops at its next step; the closing step locks the row (`lock`), so that nothing takes
 * the run over while it closes.
 */
export async function runIsStillOurs(db: Db, runId: string, options: { lock?: boolean } = {}): Promise<boolean> {
  const query = db.selectFrom('ror_sync_runs').select(['state', 'checkpoint']).where('id', '=', runId);
  const run = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  return isStillOurs(run);
}

export function isStillOurs(run: { state: string; checkpoint: unknown } | undefined): boolean {
  const checkpoint = (run?.checkpoint ?? {}) as { abandoned?: boolean; adoptedBy?: string };
  return run?.state === 'RUNNING' && !checkpoint.abandoned && !checkpoint.adoptedBy;
}
