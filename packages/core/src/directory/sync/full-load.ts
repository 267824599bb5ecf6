import { availableParallelism } from 'node:os';
import { type DB, inCopyTransaction, readInBatches } from '@trajectoire/db';
import { type ExportManifest, type RorClient, RorHttpError } from '@trajectoire/ror-client';
import { type Kysely, sql } from 'kysely';
import type { CoreDeps } from '../../deps';
import { establishmentOf, type OrgLink, unitErrorReason } from './assemble';
import { ByteKeySet } from './byte-key-set';
import { closeUnseen, type MergeBatch, mergeBatch } from './merge';
import * as q from './queries';
import { ChunkReaders, lineCount, type ReadChunk } from './read-chunks';
import { clearStaging, STAGING_COPY, StagingCopy, SYNC_TYPES } from './staging';
import { ABANDONED, RorRunStopped } from './stopped';

/**
 * The full load: the ROR's bulk `$export`, staged file by file, then merged establishment by
 * establishment, then what the ROR no longer has is closed.
 *
 * Checkpoint (`ror_sync_runs.checkpoint`, written in the same transaction as the work it records):
 * the export's status URL once asked, its manifest once ready, the files staged (each file is
 * staged in one transaction with its checkpoint: a crash mid-file leaves nothing of it), the last
 * establishment merged (each batch of establishments commits with it), then DONE. A resumed run
 * (a retry of the job, or the next full load taking over a failed one) skips what is recorded.
 */
export interface FullCheckpoint {
  mode: 'FULL';
  statusUrl?: string;
  manifest?: Pick<ExportManifest, 'transactionTime' | 'output'>;
  filesDone?: number[];
  chainsChecked?: boolean;
  /** The batches merged, each as its first and last EG id (batches commit in any order, see mergeLanes). */
  merged?: [string, string][];
  /** Before merge lanes: every EG up to this one was merged. */
  mergedUpTo?: string;
  closed?: boolean;
  /** Lines that could not be read, per resource type: what the ROR no longer has cannot be told then. */
  unreadable?: Record<string, number>;
  /** Set on a failed run whose checkpoint another run took over. */
  adoptedBy?: string;
}

export interface FullLoadOptions {
  /** Units per merge transaction, whole establishments always (default 5,000). */
  mergeUnits?: number;
  /**
   * Batches merged at once, each in its own transaction on its own connection (ROR_MERGE_LANES,
   * default 2): the merge is Postgres's work alone, and one backend keeps one core busy while the
   * worker waits. Their establishments never overlap.
   */
  mergeLanes?: number;
  /** Matches per delta page (`_count`, at most 200, the default). */
  pageSize?: number;
  /** The most a search serves (10,000, the ROR's): a delta window over it is halved. */
  searchCap?: number;
  /**
   * Threads parsing and mapping the export's lines (ROR_READ_THREADS; default 2 where the machine
   * has two cores or more, else none). Parsing 712 MB of JSON is most of the full load's CPU: in the
   * job's own thread, staging 100,000 units took 14.5–15.2 s on the 2-core machine measured; with
   * two threads, 10.4 s, Postgres's COPY and the threads then sharing both cores.
   */
  readThreads?: number;
}

const TYPES = SYNC_TYPES;
const DEFAULT_READ_THREADS = availableParallelism() >= 2 ? 2 : 0;

export async function runFullLoad(
  deps: CoreDeps,
  client: RorClient,
  runId: string,
  start: FullCheckpoint,
  options: FullLoadOptions = {},
): Promise<void> {
  const db = deps.db;
  let cp: FullCheckpoint = { ...start, mode: 'FULL' };
  const save = (trx: Kysely<DB>, values: Parameters<typeof q.updateRun>[2] = {}) =>
    q.updateRun(trx, runId, { ...values, checkpoint: cp });
  // A worker frozen long enough to be taken for dead, woken up, stops at its next file or batch.
  const stopIfAbandoned = async () => {
    if (!(await q.runIsStillOurs(db, runId))) throw new RorRunStopped(ABANDONED);
  };

  // 1. The export: asked once, polled until its manifest is ready.
  if (!cp.manifest) {
    await q.updateRun(db, runId, { phase: 'EXPORT', progress_done: 0, progress_total: null });
    if (!cp.statusUrl) {
      cp = { ...cp, statusUrl: await client.kickOffExport({ types: TYPES }) };
      await save(db);
    }
    let manifest: ExportManifest;
    try {
      manifest = await client.waitForExport(cp.statusUrl as string, (p) => {
        void q
          .updateRun(db, runId, { phase: p.progress ? `EXPORT ${p.progress}`.slice(0, 60) : 'EXPORT' })
          .catch(() => {});
      });
    } catch (error) {
      // An export the ROR forgot (expired, restarted): ask again next time.
      if (error instanceof RorHttpError && (error.status === 404 || error.status === 410)) {
        cp = { mode: 'FULL' };
        await save(db);
      }
      throw error;
    }
    cp = { ...cp, manifest: { transactionTime: manifest.transactionTime, output: manifest.output }, filesDone: [] };
    await save(db, {
      until: new Date(manifest.transactionTime),
      progress_total: manifest.output.length,
      progress_done: 0,
    });
  }
  const manifest = cp.manifest as NonNullable<FullCheckpoint['manifest']>;

  // 2. Staging: each file in one transaction with its checkpoint, its rows sent by one COPY
  // while the next lines are read and mapped (a raw FHIR resource lives only while it is mapped).
  // The ids already staged (files of an earlier attempt) are read once: duplicates are found here.
  let seen: ByteKeySet | undefined;
  const pendingFiles = manifest.output.filter((_, index) => !cp.filesDone?.includes(index)).length;
  const readers = new ChunkReaders(pendingFiles > 0 ? (options.readThreads ?? DEFAULT_READ_THREADS) : 0);
  try {
    for (const [index, file] of manifest.output.entries()) {
      if (cp.filesDone?.includes(index)) continue;
      await stopIfAbandoned();
      await q.updateRun(db, runId, { phase: 'STAGING', progress_total: manifest.output.length });
      seen ??= await stagedIds(db, runId);
      const ids = seen;
      try {
        await inCopyTransaction(
          db,
          async ({ db: trx, copyFrom }) => {
            const errors: q.SyncErrorRow[] = [];
            let unreadable = 0;
            const staging = new StagingCopy(copyFrom(STAGING_COPY), ids);
            // Chunks are read ahead (by the reading threads) while the oldest one's rows are written.
            const ahead: Promise<ReadChunk>[] = [];
            const writeOldest = async () => {
              const chunk = await (ahead.shift() as Promise<ReadChunk>);
              errors.push(...chunk.errors);
              unreadable += chunk.unreadable;
              const wait = staging.addChunk(chunk);
              if (wait) await wait;
            };
            try {
              let firstLine = 1;
              for await (const bytes of client.ndjsonChunks(file.url)) {
                const lines = lineCount(bytes);
                const reading = readers.read(bytes, firstLine, file.type, runId, { handOver: true });
                // Awaited in turn; until then its failure must not count as unhandled.
                reading.catch(() => undefined);
                ahead.push(reading);
                firstLine += lines;
                while (ahead.length > Math.max(2, 2 * readers.threads)) await writeOldest();
              }
              while (ahead.length > 0) await writeOldest();
              await staging.end();
            } catch (error) {
              // The file's ids were not staged after all: the next attempt reads them again.
              seen = undefined;
              throw error;
            }
            const all = [...errors, ...staging.duplicates];
            for (let i = 0; i < all.length; i += 1000) await q.insertErrors(trx, runId, all.slice(i, i + 1000));
            cp = {
              ...cp,
              filesDone: [...(cp.filesDone ?? []), index],
              ...(unreadable > 0
                ? { unreadable: { ...cp.unreadable, [file.type]: (cp.unreadable?.[file.type] ?? 0) + unreadable } }
                : {}),
            };
            await q.updateRun(trx, runId, { checkpoint: cp, progress_done: cp.filesDone?.length ?? 0 });
          },
          // One COPY lasts as long as its file is read: no statement bound, the idle one kept.
          { statementTimeoutMs: 0 },
        );
      } catch (error) {
        if (error instanceof RorHttpError && (error.status === 404 || error.status === 410)) {
          // The files expired with their export: start over from a new export next time.
          cp = { mode: 'FULL' };
          await db.transaction().execute(async (trx) => {
            await clearStaging(trx, runId);
            await save(trx as unknown as Kysely<DB>);
          });
        }
        throw error;
      }
    }
  } finally {
    await readers.close();
  }
  // The staged ids are in Postgres now: the merge's own maps take their place in memory.
  seen = undefined;
  // The staging table is new at every load: without statistics the planner walks it row by row.
  // Nor without fresh ones for the directory's tables when a first load has just filled them.
  // 3. Merge, establishment by establishment.
  await stopIfAbandoned();
  await q.updateRun(db, runId, { phase: 'MERGE' });
  // The statistics are gathered on one connection while the links are read on another (a plain
  // scan, which needs none).
  const [placement] = await Promise.all([
    placeServices(db, runId),
    // Only the columns the merge and the closing look rows up by: the others (the staged records'
    // fields, the directory's texts) cost most of the sorting and none of the plans.
    sql`analyze ror_sync_staging (run_id, resource_type, ror_id), establishments (id, ror_id, finess, closed_at),
      units (id, ror_id, establishment_id, closed_at)`.execute(db),
  ]);
  const { byEstablishment, chainErrors, errorsByEstablishment } = placement;
  if (!cp.chainsChecked) {
    cp = { ...cp, chainsChecked: true };
    await db.transaction().execute(async (trx) => {
      await q.insertErrors(trx, runId, chainErrors);
      await q.updateRun(trx, runId, { checkpoint: cp });
    });
  }
  const egIds = [...placement.egParents.keys()].sort();
  if (egIds.length === 0) {
    throw new Error('L’export du ROR ne contient aucune entité géographique : rien n’est fusionné ni fermé.');
  }
  const mergeUnits = options.mergeUnits ?? 5000;
  // The batches: whole establishments, about `mergeUnits` units each, those merged before skipped.
  const done: [string, string][] = [
    ...(cp.merged ?? []),
    ...(cp.mergedUpTo ? [['', cp.mergedUpTo] as [string, string]] : []),
  ];
  const mergedBefore = (id: string) => done.some(([first, last]) => first <= id && id <= last);
  const batches: string[][] = [];
  for (let cursor = 0; cursor < egIds.length; ) {
    const batchIds: string[] = [];
    let unitCount = 0;
    while (cursor < egIds.length && (batchIds.length === 0 || unitCount < mergeUnits) && batchIds.length < 1000) {
      const id = egIds[cursor++] as string;
      if (mergedBefore(id)) continue;
      batchIds.push(id);
      unitCount += byEstablishment.get(id)?.length ?? 0;
    }
    if (batchIds.length > 0) batches.push(batchIds);
  }
  // From here the run's progress counts batches merged, not files staged.
  await q.updateRun(db, runId, { progress_done: done.length, progress_total: done.length + batches.length });
  const prepare = async (batchIds: string[]) => {
    const serviceIds: string[] = [];
    const egOf = new Map<string, string>();
    for (const id of batchIds) {
      for (const serviceId of byEstablishment.get(id) ?? []) {
        serviceIds.push(serviceId);
        egOf.set(serviceId, id);
      }
    }
    // Establishments and units are both built from staging in SQL: only which EGs can be written
    // comes back here (an EG without FINESS or département is an error, its units not closed for it).
    const { valid, invalid } = await writableEstablishments(db, runId, batchIds);
    const errors: q.SyncErrorRow[] = [];
    const establishmentErrors = new Map<string, string>();
    for (const id of batchIds) {
      const reason = errorsByEstablishment.get(id);
      if (reason) establishmentErrors.set(id, reason);
    }
    for (const id of invalid) {
      const reason = 'entité géographique sans FINESS ou sans département : établissement ignoré';
      errors.push({ resourceType: 'Organization', resourceId: id, reason });
      if (!establishmentErrors.has(id)) establishmentErrors.set(id, reason);
    }
    const batch: MergeBatch = {
      establishments: [],
      stagedEstablishments: { runId, rorIds: valid },
      units: [],
      stagedUnits: { runId, serviceIds, establishmentRorIds: serviceIds.map((id) => egOf.get(id) as string) },
      completeEstablishments: cp.unreadable?.HealthcareService ? [] : valid,
      // Units of these establishments the ROR has but that could not be read: not closed for that.
      seenUnitIds: placement.failedServiceIds,
      establishmentErrors,
    };
    return { batch, errors };
  };
  // Lanes take the next batch in turn; each batch commits with its range in the checkpoint
  // (appended in SQL: lanes commit in any order). A lane's failure stops the others after their
  // current batch, and the run resumes with the batches not recorded.
  let stop: unknown;
  const lane = async () => {
    for (let batchIds = batches.shift(); batchIds && stop === undefined; batchIds = batches.shift()) {
      await stopIfAbandoned();
      const { batch, errors } = await prepare(batchIds);
      const range: [string, string] = [batchIds[0] as string, batchIds.at(-1) as string];
      await retryOnDeadlock(() =>
        db.transaction().execute(async (trx) => {
          const merged = await mergeBatch(trx, batch, deps.clock.now());
          await q.insertErrors(trx, runId, [...errors, ...merged.failures]);
          await q.addToReport(trx, runId, { ...merged, errors: 0 });
          await q.recordMergedBatch(trx, runId, range);
        }),
      );
      cp = { ...cp, merged: [...(cp.merged ?? []), range] };
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, options.mergeLanes ?? 2) }, () =>
      lane().catch((error: unknown) => {
        stop ??= error;
        throw error;
      }),
    ),
  );
  if (lanes.some((l) => l.status === 'rejected')) throw stop;
  // 4. What the ROR no longer has is closed; the staged rows go; the run succeeds.
  await q.updateRun(db, runId, { phase: 'CLOSING' });
  await db.transaction().execute(async (trx) => {
    // A worker frozen long enough to be taken for dead may wake here: its run abandoned, its staged
    // rows perhaps taken over by the next load, closing now would close what the ROR still has.
    if (!(await q.runIsStillOurs(trx, runId, { lock: true }))) throw new RorRunStopped(ABANDONED);
    const now = deps.clock.now();
    // A line that could not be read may be any resource of its type: nothing of that type is
    // closed this time (the next full load will), rather than closing a unit the ROR still has.
    const unreadable = cp.unreadable ?? {};
    const closed = await closeUnseen(trx, runId, now, {
      units: !unreadable.HealthcareService,
      establishments: !unreadable.Organization,
    });
    const skipped = Object.entries(unreadable).filter(([, n]) => n > 0);
    if (skipped.length > 0) {
      await q.insertErrors(
        trx,
        runId,
        skipped.map(([type, n]) => ({
          resourceType: type,
          resourceId: '(export)',
          reason: `${n} ligne(s) illisible(s) : aucune fermeture de ce type de ressource lors de ce chargement`,
        })),
      );
    }
    // An establishment whose own Organization could not be read shows why.
    const failedOrgs = [...placement.failedOrgs];
    if (failedOrgs.length > 0) {
      await sql`
        with x as (select * from unnest(${failedOrgs.map(([id]) => id)}::text[], ${failedOrgs.map(([, error]) => error)}::text[]) as x(ror_id, error))
        update establishments e set ror_sync_state = 'ERROR', ror_sync_error = x.error, ror_synced_at = ${now}
        from x where e.ror_id = x.ror_id`.execute(trx);
    }
    await q.addToReport(trx, runId, {
      created: 0,
      updated: 0,
      unchanged: 0,
      closed: closed.establishments + closed.units,
      errors: 0,
    });
    await clearStaging(trx, runId);
    cp = { ...cp, closed: true };
    await q.updateRun(trx, runId, { checkpoint: cp, phase: 'DONE' });
  });
}

/**
 * Two lanes may wait on each other in a rare case (two EGs of one batch sharing their FINESS
 * with two of the other's, met in opposite orders): Postgres then cancels one, which tries again.
 */
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

/** The keys (`type\tid`) already staged for the run (files staged by an earlier attempt). */
async function stagedIds(db: Kysely<DB>, runId: string): Promise<ByteKeySet> {
  const ids = new ByteKeySet();
  for await (const rows of readInBatches(
    db,
    db.selectFrom('ror_sync_staging').select(['resource_type', 'ror_id']).where('run_id', '=', runId),
    10_000,
    { statementTimeoutMs: 0 },
  ))
    for (const r of rows) ids.addString(`${r.resource_type}\t${r.ror_id}`);
  return ids;
}

/**
 * Where every staged service belongs: the EG its `providedBy` chain reaches. The links are read
 * through a cursor, 10,000 at a time, and only what the merge needs is kept: the chain of
 * Organizations while placing, then per establishment its services' ids.
 */
interface Placement {
  /** Each EG's parent (its EJ, when any). */
  egParents: Map<string, string | null>;
  byEstablishment: Map<string, string[]>;
  errorsByEstablishment: Map<string, string>;
  chainErrors: q.SyncErrorRow[];
  failedOrgs: Map<string, string>;
  failedServiceIds: string[];
}

async function placeServices(db: Kysely<DB>, runId: string): Promise<Placement> {
  const chain = new Map<string, { level: OrgLink['level']; partOf: string | null }>();
  const placement: Placement = {
    egParents: new Map(),
    byEstablishment: new Map(),
    errorsByEstablishment: new Map(),
    chainErrors: [],
    failedOrgs: new Map(),
    failedServiceIds: [],
  };
  const links = (type: 'Organization' | 'HealthcareService') =>
    readInBatches(
      db,
      db
        .selectFrom('ror_sync_staging')
        .select(['ror_id as id', 'part_of as p', 'level', 'error'])
        .where('run_id', '=', runId)
        .where('resource_type', '=', type),
      10_000,
      { statementTimeoutMs: 0 },
    );
  for await (const rows of links('Organization')) {
    for (const r of rows) {
      if (r.error !== null) placement.failedOrgs.set(r.id, r.error);
      else {
        const level = (r.level ?? 'INTERNAL') as OrgLink['level'];
        chain.set(r.id, { level, partOf: r.p });
        if (level === 'EG') placement.egParents.set(r.id, r.p);
      }
    }
  }
  const lookup = (id: string): OrgLink | undefined => {
    const org = chain.get(id);
    return org ? { rorId: id, level: org.level, partOf: org.partOf } : undefined;
  };
  for await (const rows of links('HealthcareService')) {
    for (const service of rows) {
      const placed = service.p ? establishmentOf(service.p, lookup) : null;
      if (service.error !== null) {
        placement.failedServiceIds.push(service.id);
        if (placed?.ok && !placement.errorsByEstablishment.has(placed.egId)) {
          placement.errorsByEstablishment.set(placed.egId, unitErrorReason(service.id, service.error));
        }
        continue;
      }
      if (!placed?.ok) {
        placement.chainErrors.push({
          resourceType: 'HealthcareService',
          resourceId: service.id,
          reason: placed ? placed.reason : 'providedBy absent : l’offre n’est rattachée à aucune organisation',
        });
        continue;
      }
      const list = placement.byEstablishment.get(placed.egId);
      if (list) list.push(service.id);
      else placement.byEstablishment.set(placed.egId, [service.id]);
    }
  }
  return placement;
}

/**
 * Of a batch's EGs (staged without error), those that can be written and those that cannot (no
 * FINESS or no département), in the batch's order.
 */
async function writableEstablishments(
  db: Kysely<DB>,
  runId: string,
  egIds: string[],
): Promise<{ valid: string[]; invalid: string[] }> {
  const { rows } = await sql<{ ror_id: string; writable: boolean }>`
    select s.ror_id, (s.finess is not null and s.departement is not null) as writable
    from ror_sync_staging s
    where s.run_id = ${runId}::uuid and s.resource_type = 'Organization' and s.ror_id = any(${egIds}::text[])
      and s.error is null`.execute(db);
  const writable = new Map(rows.map((r) => [r.ror_id, r.writable]));
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const id of egIds) {
    const ok = writable.get(id);
    if (ok === true) valid.push(id);
    else if (ok === false) invalid.push(id);
  }
  return { valid, invalid };
}
