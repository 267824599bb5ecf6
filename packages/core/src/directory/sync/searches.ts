import type { DB } from '@trajectoire/db';
import { type FhirBundle, type RorClient, SEARCH_CAP, type TimeWindow, windowParams } from '@trajectoire/ror-client';
import type { LocationRecord, OrganizationRecord, ServiceRecord } from '@trajectoire/ror-mapping';
import { sql, type Transaction } from 'kysely';
import type { CoreDeps } from '../../deps';
import { assemble, establishmentOf, unitErrorReason } from './assemble';
import { type MergeBatch, mergeBatch } from './merge';
import * as q from './queries';
import { readResource } from './staging';
import { ABANDONED, RorRunStopped } from './stopped';

/**
 * The delta and the one-establishment run: FHIR searches, page by page. A delta page is mapped
 * and merged in one transaction with its checkpoint (the window, the page's `next` link, the page
 * count): a worker killed between two pages resumes from the next one, and one killed inside a
 * page finds it undone and reads it again, so nothing is counted or written twice.
 */

export interface DeltaCheckpoint {
  mode: 'DELTA';
  windows: DeltaWindow[];
  window: number;
  next: string | null;
  pages: number;
}

/** A `_lastUpdated` window of one resource type (at most 10,000 matches). */
export type DeltaWindow = TimeWindow & { type?: DeltaType };
export type DeltaType = 'HealthcareService' | 'Location' | 'Organization';

/**
 * What changed, by the type that changed, each with what places it: an offer with its organisation,
 * the whole `partOf` chain (`_include:iterate`: a plain `_include` stops at the first level) and its
 * place; a place with the offers held there and theirs; an organisation with its chain and, for an
 * unité fonctionnelle, its offers and their places. A change to a place or an establishment alone
 * does not touch the offer's `lastUpdated`: the ROR's search by offers alone would miss it.
 */
export const DELTA_TYPES: readonly DeltaType[] = ['HealthcareService', 'Location', 'Organization'];
const DELTA_INCLUDES: Record<DeltaType, string> = {
  HealthcareService:
    '_include=HealthcareService:organization&_include:iterate=Organization:partof&_include=HealthcareService:location',
  Location:
    '_revinclude=HealthcareService:location&_include:iterate=HealthcareService:organization&_include:iterate=Organization:partof',
  Organization:
    '_include:iterate=Organization:partof&_revinclude=HealthcareService:organization&_include:iterate=HealthcareService:location',
};

export function deltaSearch(window: DeltaWindow, pageSize = 200): string {
  const type = window.type ?? 'HealthcareService';
  return `${type}?${windowParams(window.since, window.until)}&${DELTA_INCLUDES[type]}&_count=${pageSize}`;
}

export async function runDelta(
  deps: CoreDeps,
  client: RorClient,
  runId: string,
  start: DeltaCheckpoint,
  options: { pageSize?: number; searchCap?: number } = {},
): Promise<void> {
  const db = deps.db;
  const pageSize = options.pageSize ?? 200;
  const cap = options.searchCap ?? SEARCH_CAP;
  let cp = start;
  // Pages to read, as far as known: a window's total is learnt from its first page.
  const estimate = (c: DeltaCheckpoint) =>
    Math.max(
      c.pages,
      c.windows.reduce((n, w) => n + Math.max(1, Math.ceil((w.total ?? 0) / pageSize)), 0),
    );
  await q.updateRun(db, runId, { phase: 'PAGES', progress_total: estimate(cp), progress_done: cp.pages });
  while (cp.window < cp.windows.length) {
    const window = cp.windows[cp.window] as DeltaWindow;
    const page = await client.page(cp.next ?? deltaSearch(window, pageSize));
    let advanced: DeltaCheckpoint;
    let merge = true;
    const from = Date.parse(window.since);
    const to = Date.parse(window.until);
    if (cp.next === null && page.total !== null && page.total > cap && to - from > 1) {
      // More than a search serves: the window is cut in two by time, its page left unread.
      const middle = new Date(from + Math.floor((to - from) / 2)).toISOString();
      const halves: DeltaWindow[] = [
        { ...window, until: middle, total: null },
        { ...window, since: middle, total: null },
      ];
      advanced = { ...cp, windows: [...cp.windows.slice(0, cp.window), ...halves, ...cp.windows.slice(cp.window + 1)] };
      merge = false;
    } else {
      const windows =
        cp.next === null ? cp.windows.map((w, i) => (i === cp.window ? { ...w, total: page.total } : w)) : cp.windows;
      advanced = page.next
        ? { ...cp, windows, next: page.next, pages: cp.pages + 1 }
        : { ...cp, windows, window: cp.window + 1, next: null, pages: cp.pages + 1 };
    }
    await db.transaction().execute(async (trx) => {
      // The run's row is locked: two workers on one run (a retry racing a stale lock) take turns.
      const current = await q.lockRun(trx, runId);
      // Taken for dead while it went on (a worker frozen, then woken): it stops here.
      if (!q.isStillOurs(current)) throw new RorRunStopped(ABANDONED);
      const saved = current?.checkpoint as Partial<DeltaCheckpoint> | undefined;
      if (saved?.window !== cp.window || (saved?.next ?? null) !== cp.next || saved?.pages !== cp.pages) {
        throw new Error('le point de reprise a changé : un autre worker mène cette synchronisation');
      }
      if (merge) await mergeEntries(trx, runId, page.bundle, { complete: false, now: deps.clock.now() });
      await q.updateRun(trx, runId, {
        checkpoint: advanced,
        progress_done: advanced.pages,
        progress_total: estimate(advanced),
      });
    });
    cp = advanced;
  }
}

/**
 * One establishment: its EG by ROR id (or FINESS), everything below it (`_revinclude:iterate`),
 * its services and their places, read whole, then merged in one transaction.
 */
export async function runEstablishment(
  deps: CoreDeps,
  client: RorClient,
  runId: string,
  establishment: { id: string; rorId: string | null; finess: string },
): Promise<void> {
  const db = deps.db;
  const select = establishment.rorId
    ? `_id=${encodeURIComponent(establishment.rorId)}`
    : `identifier=${encodeURIComponent(establishment.finess.trim())}`;
  const url =
    `Organization?${select}&_revinclude:iterate=Organization:partof` +
    '&_revinclude:iterate=HealthcareService:organization&_include:iterate=HealthcareService:location&_count=200';
  await q.updateRun(db, runId, { phase: 'PAGES', progress_done: 0, progress_total: null });
  const entries: NonNullable<FhirBundle['entry']> = [];
  let pages = 0;
  for await (const page of client.searchPages(url)) {
    entries.push(...(page.bundle.entry ?? []));
    pages++;
    await q.updateRun(db, runId, { progress_done: pages });
  }
  const eg = entries.find((e) => e.search?.mode !== 'include' && e.resource?.resourceType === 'Organization')?.resource;
  if (!eg) {
    throw new RorRunStopped(
      `Le ROR ne connaît pas cet établissement (${establishment.rorId ?? `FINESS ${establishment.finess.trim()}`}).`,
    );
  }
  // The legal entity above it, for its FINESS and name.
  const ejId = (eg.partOf as { reference?: string } | undefined)?.reference?.split('/').at(-1);
  if (ejId) {
    const ej = await client.page(`Organization?_id=${encodeURIComponent(ejId)}`);
    entries.push(...(ej.bundle.entry ?? []).map((e) => ({ ...e, search: { mode: 'include' } })));
  }
  await db.transaction().execute(async (trx) => {
    await mergeEntries(
      trx,
      runId,
      { resourceType: 'Bundle', entry: entries },
      { complete: true, now: deps.clock.now() },
    );
    await q.updateRun(trx, runId, { progress_total: pages, phase: 'DONE' });
  });
}

/**
 * A page's resources mapped and merged: services placed through the Organizations of the page
 * (or, for a unit the directory has, through its establishment), mapping errors recorded per
 * resource, the report added to.
 */
async function mergeEntries(
  trx: Transaction<DB>,
  runId: string,
  bundle: FhirBundle,
  options: { complete: boolean; now: Date },
): Promise<void> {
  const orgs = new Map<string, OrganizationRecord>();
  const locations = new Map<string, LocationRecord>();
  const services: ServiceRecord[] = [];
  const errors: q.SyncErrorRow[] = [];
  const failedServices: { id: string; providedBy: string | null; reason: string }[] = [];
  const failedOrgs = new Map<string, string>();
  const seen = new Set<string>();
  for (const [i, entry] of (bundle.entry ?? []).entries()) {
    const outcome = readResource(entry.resource, `entrée ${i + 1}`);
    if (!outcome.ok) {
      errors.push({ resourceType: outcome.type, resourceId: outcome.id, reason: outcome.reason });
      if (outcome.type === 'HealthcareService')
        failedServices.push({ id: outcome.id, providedBy: outcome.partOf, reason: outcome.reason });
      if (outcome.type === 'Organization') failedOrgs.set(outcome.id, outcome.reason);
      continue;
    }
    const { resource } = outcome;
    const key = `${resource.type}/${resource.id}`;
    if (seen.has(key)) continue; // a resource included by two matches
    seen.add(key);
    if (resource.type === 'Organization') orgs.set(resource.id, resource.record);
    else if (resource.type === 'Location') locations.set(resource.id, resource.record);
    else services.push(resource.record);
  }

  // Units the directory already places, for a service whose chain the page does not carry.
  const known = new Map<string, string>();
  if (services.length > 0) {
    const { rows } = await sql<{ ror_id: string; establishment_ror_id: string }>`
      select u.ror_id, e.ror_id as establishment_ror_id from units u join establishments e on e.id = u.establishment_id
      where u.ror_id = any(${services.map((s) => s.rorId)}::text[]) and e.ror_id is not null`.execute(trx);
    for (const r of rows) known.set(r.ror_id, r.establishment_ror_id);
  }
  const lookup = (id: string) => orgs.get(id);
  const placed: { record: ServiceRecord; egId: string }[] = [];
  const establishmentErrors = new Map<string, string>();
  for (const record of services) {
    const where = establishmentOf(record.providedBy, lookup);
    if (where.ok) placed.push({ record, egId: where.egId });
    else if (known.has(record.rorId)) placed.push({ record, egId: known.get(record.rorId) as string });
    else errors.push({ resourceType: 'HealthcareService', resourceId: record.rorId, reason: where.reason });
  }
  for (const failed of failedServices) {
    const where = failed.providedBy ? establishmentOf(failed.providedBy, lookup) : null;
    const egId = where?.ok ? where.egId : known.get(failed.id);
    if (egId && !establishmentErrors.has(egId))
      establishmentErrors.set(egId, unitErrorReason(failed.id, failed.reason));
  }
  for (const [id, reason] of failedOrgs) if (!establishmentErrors.has(id)) establishmentErrors.set(id, reason);

  const egs = [...orgs.values()].filter((o) => o.level === 'EG');
  const { batch, errors: assembleErrors } = assemble({
    establishments: egs.map((eg) => {
      const parent = eg.partOf ? orgs.get(eg.partOf) : undefined;
      return { eg, ej: parent?.level === 'EJ' ? parent : null };
    }),
    services: placed,
    locations,
    establishmentErrors,
    complete: options.complete,
    seenUnitIds: failedServices.map((f) => f.id),
  });
  // A delta reads some resources twice (an offer changed with its place comes back with the place):
  // what the directory already holds at the ROR's same `lastUpdated` is left unchanged unread.
  const skipped = options.complete ? 0 : await dropAlreadyWritten(trx, batch);
  const merged = await mergeBatch(trx, batch, options.now);
  await q.insertErrors(trx, runId, [...errors, ...assembleErrors, ...merged.failures]);
  await q.addToReport(trx, runId, { ...merged, unchanged: merged.unchanged + skipped, errors: 0 });
}

/**
 * Takes out of a delta's batch the rows the directory already holds as the ROR last stamped them
 * (same `lastUpdated`, same open or closed state, no establishment error to show); answers how many.
 */
async function dropAlreadyWritten(trx: Transaction<DB>, batch: MergeBatch): Promise<number> {
  const same = (
    held: { ror_last_updated: Date | null; closed: boolean } | undefined,
    row: { rorLastUpdated: string | null; active: boolean },
  ) =>
    held !== undefined &&
    row.rorLastUpdated !== null &&
    held.ror_last_updated !== null &&
    held.ror_last_updated.getTime() === Date.parse(row.rorLastUpdated) &&
    held.closed === !row.active;
  let skipped = 0;
  if (batch.units.length > 0) {
    const { rows } = await sql<{ ror_id: string; ror_last_updated: Date | null; closed: boolean }>`
      select ror_id, ror_last_updated, closed_at is not null as closed from units
      where ror_id = any(${batch.units.map((u) => u.rorId)}::text[])`.execute(trx);
    const held = new Map(rows.map((r) => [r.ror_id, r]));
    const before = batch.units.length;
    batch.units = batch.units.filter((u) => u.keepLocation || !same(held.get(u.rorId), u));
    skipped += before - batch.units.length;
  }
  if (batch.establishments.length > 0) {
    const { rows } = await sql<{
      ror_id: string;
      ror_last_updated: Date | null;
      closed: boolean;
      ror_sync_state: string;
    }>`
      select ror_id, ror_last_updated, closed_at is not null as closed, ror_sync_state from establishments
      where ror_id = any(${batch.establishments.map((e) => e.rorId)}::text[])`.execute(trx);
    const held = new Map(rows.map((r) => [r.ror_id, r]));
    const before = batch.establishments.length;
    batch.establishments = batch.establishments.filter((e) => {
      const row = held.get(e.rorId);
      return batch.establishmentErrors.has(e.rorId) || row?.ror_sync_state !== 'SYNCHRONISED' || !same(row, e);
    });
    skipped += before - batch.establishments.length;
  }
  return skipped;
}
