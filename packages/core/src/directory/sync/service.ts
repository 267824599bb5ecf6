import type { Viewer } from '../../access/viewer';
import type { CoreDeps } from '../../deps';
import { enqueue } from '../../jobs/map';
import { AppError } from '../../shared/errors';
import * as q from './queries';

/**
 * Starting and reading ROR sync runs. A run is a row of `ror_sync_runs` (its report and its
 * checkpoint) and a job of the `ror` queue that does the work (runner.ts); both are written in
 * one transaction, so a run never exists without its job, nor a job without its run.
 */

const RUNNING_MESSAGE =
  'Une synchronisation avec le ROR est déjà en cours ou en attente : attendez qu’elle se termine avant d’en lancer une autre.';
const ESTABLISHMENT_RUNNING_MESSAGE =
  'La synchronisation de cet établissement avec le ROR est déjà en cours ou en attente.';
const ADMIN_ONLY = 'Seul un administrateur national peut lancer une synchronisation complète du ROR.';
const OUT_OF_SCOPE = 'Cet établissement est hors de votre périmètre : vous ne pouvez pas le synchroniser.';
const NOT_IN_ROR =
  'Cet établissement n’est pas connu du ROR (aucun identifiant ROR ni FINESS) : il ne peut pas être synchronisé.';
const RUN_NOT_FOUND = 'Cette synchronisation n’existe pas ou n’est pas de votre périmètre.';

export type SyncRunKind = q.RunKind;

function mayManageEstablishment(viewer: Viewer, establishmentId: string): boolean {
  return viewer.authorization.nationalAdmin || viewer.authorization.establishmentScope.has(establishmentId);
}

/** A running run's worker writes a sign of life this often (runner.ts)… */
export const RUN_HEARTBEAT_MS = 20_000;
/** …and one silent for this long is taken for dead (a worker killed, a machine gone). */
export const RUN_STALE_AFTER_MS = 2 * 60_000;

/**
 * A start found a run active. Answers whether it really is; a RUNNING run whose worker has been
 * silent too long is abandoned (FAILED, saying why) and the start goes ahead: without this, it
 * blocked every start until graphile-worker found the dead worker's lock stale, 4 hours later.
 */
async function abandonIfDead(trx: Parameters<typeof q.abandonRun>[0], run: q.ActiveRun, now: Date): Promise<boolean> {
  if (run.state !== 'RUNNING') return false;
  const lastSign = new Date(run.heartbeat_at ?? run.started_at ?? run.queued_at);
  if (now.getTime() - lastSign.getTime() < RUN_STALE_AFTER_MS) return false;
  const when = lastSign.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });
  await q.abandonRun(
    trx,
    run.id,
    `Le worker qui menait cette synchronisation s’est arrêté sans la finir (dernier signe de vie le ${when}) : elle est abandonnée ; une synchronisation complète suivante reprend où elle en était.`,
    now,
  );
  if (run.worker_id) await q.releaseDeadWorker(trx, run.worker_id);
  return true;
}

/**
 * Queues a FULL or DELTA run (national administrators; the crontab through `scheduleDirectoryRun`).
 * One FULL/DELTA run at a time: another one queued or running refuses with ROR_SYNC_RUNNING.
 */
export async function startRorSync(
  deps: CoreDeps,
  viewer: Viewer,
  input: { kind: 'FULL' | 'DELTA' },
): Promise<{ runId: string }> {
  if (!viewer.authorization.nationalAdmin) throw new AppError('FORBIDDEN', ADMIN_ONLY);
  const runId = await queueDirectoryRun(deps, input.kind, viewer.account.id);
  if (!runId) throw new AppError('ROR_SYNC_RUNNING', RUNNING_MESSAGE);
  return { runId };
}

/**
 * The run row and its job, unless a FULL/DELTA run is already queued or running (then undefined).
 * `withJob: false` is for the crontab's job, which is already running and does the work itself.
 */
export async function queueDirectoryRun(
  deps: CoreDeps,
  kind: 'FULL' | 'DELTA',
  requestedBy: string | null,
  options: { withJob?: boolean } = {},
): Promise<string | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    await q.lockStarts(trx, 'directory');
    const active = await q.activeDirectoryRun(trx);
    if (active && !(await abandonIfDead(trx, active, deps.clock.now()))) return undefined;
    const { id } = await q.insertRun(trx, {
      kind,
      establishmentId: null,
      requestedBy,
      queuedAt: deps.clock.now(),
    });
    if (options.withJob ?? true) {
      await enqueue(trx, kind === 'FULL' ? 'directory__ror_full_load' : 'directory__ror_delta', { runId: id });
    }
    return id;
  });
}

/** Queues the sync of one establishment: an administrator, or a Référent structure of it. */
export async function startEstablishmentSync(
  deps: CoreDeps,
  viewer: Viewer,
  input: { establishmentId: string },
): Promise<{ runId: string }> {
  if (!mayManageEstablishment(viewer, input.establishmentId)) throw new AppError('FORBIDDEN', OUT_OF_SCOPE);
  return deps.db.transaction().execute(async (trx) => {
    const establishment = await q.findEstablishmentForSync(trx, input.establishmentId);
    if (!establishment) throw new AppError('NOT_FOUND', 'Cet établissement n’existe pas.');
    if (!establishment.ror_id && !establishment.finess) throw new AppError('INVALID_INPUT', NOT_IN_ROR);
    await q.lockStarts(trx, `establishment:${establishment.id}`);
    const active = await q.activeEstablishmentRun(trx, establishment.id);
    if (active && !(await abandonIfDead(trx, active, deps.clock.now()))) {
      throw new AppError('ROR_SYNC_RUNNING', ESTABLISHMENT_RUNNING_MESSAGE);
    }
    const { id } = await q.insertRun(trx, {
      kind: 'ESTABLISHMENT',
      establishmentId: establishment.id,
      requestedBy: viewer.account.id,
      queuedAt: deps.clock.now(),
    });
    await enqueue(trx, 'directory__ror_establishment', { runId: id });
    return { runId: id };
  });
}

export interface SyncRunSummary {
  id: string;
  kind: SyncRunKind;
  establishmentId: string | null;
  establishmentName: string | null;
  state: q.RunState;
  phase: string | null;
  progressDone: number;
  progressTotal: number | null;
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
  errorCount: number;
  failure: string | null;
  since: string | null;
  until: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function summary(row: q.RunRow): SyncRunSummary {
  return {
    id: row.id,
    kind: row.kind as SyncRunKind,
    establishmentId: row.establishment_id,
    establishmentName: row.establishment_name ?? null,
    state: row.state as q.RunState,
    phase: row.phase,
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    closed: row.closed,
    errorCount: row.error_count,
    failure: row.failure,
    since: iso(row.since),
    until: iso(row.until),
    queuedAt: iso(row.queued_at) as string,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    durationMs: row.duration_ms,
  };
}

const RUNS_PAGE = 50;
const ERRORS_PAGE = 100;

function parseRunsCursor(cursor: string | null | undefined) {
  if (!cursor) return undefined;
  const [at, id] = cursor.split('|');
  const queuedAt = new Date(at ?? '');
  if (!id || Number.isNaN(queuedAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError('INVALID_INPUT', 'Curseur de pagination invalide.');
  }
  return { queuedAt, id };
}

/**
 * Past and current runs, newest first: every run for an administrator, the runs of the
 * establishments a Référent structure manages for her, nothing (FORBIDDEN) for anyone else.
 */
export async function listRorSyncRuns(
  deps: CoreDeps,
  viewer: Viewer,
  input: { cursor?: string | null } = {},
): Promise<{ items: SyncRunSummary[]; nextCursor: string | null }> {
  const { nationalAdmin, establishmentScope } = viewer.authorization;
  if (!nationalAdmin && establishmentScope.size === 0) {
    throw new AppError('FORBIDDEN', 'Vous n’avez pas accès aux synchronisations du ROR.');
  }
  const rows = await q.listRuns(deps.db, {
    ...(nationalAdmin ? {} : { establishmentIds: [...establishmentScope] }),
    ...(input.cursor ? { after: parseRunsCursor(input.cursor) } : {}),
    limit: RUNS_PAGE + 1,
  });
  const page = rows.slice(0, RUNS_PAGE);
  const last = page.at(-1);
  return {
    items: page.map(summary),
    nextCursor: rows.length > RUNS_PAGE && last ? `${iso(last.queued_at)}|${last.id}` : null,
  };
}

export interface SyncRunDetail extends SyncRunSummary {
  errors: { resourceType: string; resourceId: string; reason: string }[];
  errorsCursor: string | null;
}

/** One run's report, with its errors a page at a time. */
export async function getRorSyncRun(
  deps: CoreDeps,
  viewer: Viewer,
  input: { id: string; errorsCursor?: string | null },
): Promise<SyncRunDetail> {
  const row = await q.findRun(deps.db, input.id);
  const allowed =
    row &&
    (viewer.authorization.nationalAdmin ||
      (row.establishment_id !== null && viewer.authorization.establishmentScope.has(row.establishment_id)));
  if (!row || !allowed) throw new AppError('NOT_FOUND', RUN_NOT_FOUND);
  if (input.errorsCursor && !/^\d+$/.test(input.errorsCursor)) {
    throw new AppError('INVALID_INPUT', 'Curseur de pagination invalide.');
  }
  const errors = await q.listRunErrors(deps.db, row.id, {
    ...(input.errorsCursor ? { afterId: input.errorsCursor } : {}),
    limit: ERRORS_PAGE + 1,
  });
  const page = errors.slice(0, ERRORS_PAGE);
  return {
    ...summary(row),
    errors: page.map((e) => ({ resourceType: e.resource_type, resourceId: e.resource_id, reason: e.reason })),
    errorsCursor: errors.length > ERRORS_PAGE ? String(page.at(-1)?.id) : null,
  };
}
