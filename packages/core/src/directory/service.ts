import {
  type Authorization,
  ESTABLISHMENT_FIELD_LABELS,
  ESTABLISHMENT_LOCAL_FIELDS,
  ESTABLISHMENT_ROR_FIELDS,
  type EstablishmentChanges,
  type EstablishmentField,
  fromRorMessage,
  normalizeForSearch,
  refusedEstablishmentFields,
  refusedUnitFields,
  type SyncState,
  UNIT_FIELD_LABELS,
  UNIT_LOCAL_FIELDS,
  UNIT_ROR_FIELDS,
  type UnitChanges,
  type UnitField,
} from '@trajectoire/domain';
import type { Viewer } from '../access/viewer';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import { AppError } from '../shared/errors';
import * as q from './queries';

/**
 * The directory as référents keep it: the establishments they manage, their units and admission
 * desks. A national administrator manages everything; a Référent structure its establishments,
 * their units and desks; a Référent unité reads the establishments of its units and edits those
 * units only. While an establishment is linked to the ROR, the fields the ROR manages are read
 * only (refused here, greyed in the portal); local fields stay editable. Every change is audited
 * with its before and after, in the change's transaction.
 */

const NOT_REFERENT = "Seuls les référents et les administrateurs gèrent l'annuaire.";
const ESTABLISHMENT_OUT_OF_SCOPE = 'Cet établissement est hors de votre périmètre.';
const ESTABLISHMENT_READ_ONLY =
  'Seuls les référents structure de cet établissement (ou un administrateur) modifient sa fiche et ses guichets.';
const UNIT_OUT_OF_SCOPE = 'Cette unité est hors de votre périmètre : seuls ses référents la modifient.';
const STALE =
  'Cette fiche a été modifiée entre-temps (par un autre référent ou par la synchronisation avec le ROR) : rechargez-la, puis refaites vos changements.';
const UNIT_CLOSED = 'Cette unité est fermée : sa fiche ne se modifie plus.';
const DESK_CLOSED = "Ce guichet d'admission est fermé.";
const COVERAGE_HAD_ONLY =
  'La couverture géographique ne se renseigne que pour une unité d’hospitalisation à domicile (HAD).';

/** A page of the establishments list. */
export const ESTABLISHMENTS_PAGE_SIZE = 50;

function requireReferent(viewer: Viewer): Authorization {
  const authz = viewer.authorization;
  if (!authz.isReferent) throw new AppError('FORBIDDEN', NOT_REFERENT);
  return authz;
}

/** May change the establishment's record and its desks: an administrator or one of its Référents structure. */
export function mayEditEstablishment(authz: Authorization, establishmentId: string): boolean {
  return authz.can('directory.edit', { establishmentId });
}

/** May read it: those who edit it, and a Référent unité of one of its units. */
function mayReadEstablishment(authz: Authorization, establishmentId: string): boolean {
  return mayEditEstablishment(authz, establishmentId) || [...authz.unitScope.values()].includes(establishmentId);
}

/** May change the unit: those who edit its establishment, and its Référents unité. */
export function mayEditUnit(authz: Authorization, unit: { id: string; establishmentId: string }): boolean {
  return authz.can('directory.edit', { establishmentId: unit.establishmentId, unitId: unit.id });
}

function auditMeta(viewer: Viewer, meta: RequestMeta) {
  return { actorAccountId: viewer.account.id, ip: meta.ip, userAgent: meta.userAgent };
}

/** The next `updated_at`: now, but always after the previous one, so that a stale form is always seen. */
function nextVersion(now: Date, previous: Date): Date {
  return new Date(Math.max(now.getTime(), previous.getTime() + 1));
}

/** Whether the form was read from this version (to the millisecond, as the portal received it). */
function isVersion(stored: Date, expected: string): boolean {
  return Math.floor(stored.getTime()) === Date.parse(expected);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ——————————————————————————————————————————————————————————————————————————— establishments

export interface Establishment {
  id: string;
  finess: string;
  name: string;
  legalEntityFiness: string | null;
  legalEntityName: string | null;
  category: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  departement: string;
  phone: string | null;
  email: string | null;
  description: string;
  accessItinerary: string;
  rorId: string | null;
  syncState: SyncState;
  syncError: string | null;
  syncedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
}

function toEstablishment(r: q.EstablishmentRow): Establishment {
  return {
    id: r.id,
    finess: r.finess.trim(),
    name: r.name,
    legalEntityFiness: r.legal_entity_finess?.trim() ?? null,
    legalEntityName: r.legal_entity_name,
    category: r.category,
    address: r.address,
    postalCode: r.postal_code,
    city: r.city,
    departement: r.departement,
    phone: r.phone,
    email: r.email,
    description: r.description,
    accessItinerary: r.access_itinerary,
    rorId: r.ror_id,
    syncState: r.ror_sync_state as SyncState,
    syncError: r.ror_sync_error,
    syncedAt: r.ror_synced_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

/** The fields the ROR holds while the establishment is linked to it: shown, never changed here. */
export function establishmentReadOnlyFields(state: SyncState): EstablishmentField[] {
  return refusedEstablishmentFields([...ESTABLISHMENT_ROR_FIELDS, ...ESTABLISHMENT_LOCAL_FIELDS], state);
}

/** A typed search: a FINESS prefix when it has a digit and no space, else words of the name or commune. */
export function parseEstablishmentSearch(query: string | undefined) {
  const typed = (query ?? '').trim();
  if (typed === '') return undefined;
  const compact = typed.replace(/\s+/g, '').toUpperCase();
  if (/^\d[\dAB]{0,8}$/.test(compact) && /\d/.test(compact)) return { finessPrefix: compact };
  const words = normalizeForSearch(typed.replace(/['’-]/g, ' '))
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 5);
  return words.length > 0 ? { words } : undefined;
}

function encodeCursor(cursor: q.EstablishmentCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id])).toString('base64url');
}

function decodeCursor(cursor: string): q.EstablishmentCursor {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof name === 'string' &&
      typeof id === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    )
      return { name, id };
  } catch {
    // Refused below.
  }
  throw new AppError('INVALID_INPUT', 'Page inconnue : reprenez la liste depuis le début.');
}

/**
 * ADMINISTRATION → « Etablissements »: those the viewer manages, by name, 50 a page. An
 * administrator searches the whole directory (name, FINESS or commune); a référent gets its own.
 */
export async function listManagedEstablishments(
  deps: CoreDeps,
  viewer: Viewer,
  input: { query?: string | undefined; cursor?: string | null | undefined } = {},
) {
  const authz = requireReferent(viewer);
  const onlyIds = authz.nationalAdmin
    ? undefined
    : [...new Set([...authz.establishmentScope, ...authz.unitScope.values()])];
  const rows = await q.pageEstablishments(deps.db, {
    onlyIds,
    search: parseEstablishmentSearch(input.query),
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: ESTABLISHMENTS_PAGE_SIZE,
  });
  const page = rows.slice(0, ESTABLISHMENTS_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      finess: r.finess.trim(),
      name: r.name,
      city: r.city,
      departement: r.departement,
      syncState: r.ror_sync_state as SyncState,
      syncError: r.ror_sync_error,
      syncedAt: r.ror_synced_at,
      closed: r.closed_at !== null,
      may: { edit: mayEditEstablishment(authz, r.id) },
    })),
    nextCursor: rows.length > ESTABLISHMENTS_PAGE_SIZE && last ? encodeCursor(last) : null,
  };
}

async function readableEstablishment(deps: CoreDeps, authz: Authorization, id: string) {
  const row = await q.findEstablishment(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'Établissement introuvable.');
  if (!mayReadEstablishment(authz, id)) throw new AppError('FORBIDDEN', ESTABLISHMENT_OUT_OF_SCOPE);
  return row;
}

/** « Informations générales »: the record, which fields the ROR holds, and what the viewer may do. */
export async function getEstablishment(deps: CoreDeps, viewer: Viewer, id: string) {
  const authz = requireReferent(viewer);
  const row = await readableEstablishment(deps, authz, id);
  const establishment = toEstablishment(row);
  const edit = mayEditEstablishment(authz, id);
  return {
    establishment,
    readOnly: establishmentReadOnlyFields(establishment.syncState),
    may: { edit, sync: edit, manageDesks: edit },
  };
}

const ESTABLISHMENT_COLUMN: Record<EstablishmentField, keyof q.EstablishmentUpdate> = {
  finess: 'finess',
  name: 'name',
  legalEntityFiness: 'legal_entity_finess',
  legalEntityName: 'legal_entity_name',
  category: 'category',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  departement: 'departement',
  phone: 'phone',
  email: 'email',
  description: 'description',
  accessItinerary: 'access_itinerary',
};
/** Columns that hold null rather than an empty text. */
const NULLABLE_ESTABLISHMENT_FIELDS: ReadonlySet<EstablishmentField> = new Set([
  'legalEntityFiness',
  'legalEntityName',
  'address',
  'postalCode',
  'city',
  'phone',
  'email',
]);

/**
 * Saves « Informations générales ». Only fields sent and different from what is stored count as
 * changed; the whole change is refused when one of them is the ROR's while the establishment is
 * linked to it, or when the record changed since the form was read.
 */
export async function updateEstablishment(
  deps: CoreDeps,
  viewer: Viewer,
  input: { id: string; expectedUpdatedAt: string; changes: EstablishmentChanges },
  meta: RequestMeta,
): Promise<Establishment> {
  const authz = requireReferent(viewer);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await q.lockEstablishment(trx, input.id);
    if (!row) throw new AppError('NOT_FOUND', 'Établissement introuvable.');
    if (!mayEditEstablishment(authz, row.id))
      throw new AppError(
        'FORBIDDEN',
        mayReadEstablishment(authz, row.id) ? ESTABLISHMENT_READ_ONLY : ESTABLISHMENT_OUT_OF_SCOPE,
      );
    const current = toEstablishment(row);
    if (!isVersion(row.updated_at, input.expectedUpdatedAt)) throw new AppError('DIRECTORY_STALE', STALE);
    const values: q.EstablishmentUpdate = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, sent] of Object.entries(input.changes) as [EstablishmentField, string | undefined][]) {
      if (sent === undefined) continue;
      const value = sent === '' && NULLABLE_ESTABLISHMENT_FIELDS.has(field) ? null : sent;
      if (same(current[field], value)) continue;
      before[field] = current[field];
      after[field] = value;
      (values as Record<string, unknown>)[ESTABLISHMENT_COLUMN[field]] = value;
    }
    const changed = Object.keys(after) as EstablishmentField[];
    if (changed.length === 0) return current;
    const refused = refusedEstablishmentFields(changed, current.syncState);
    if (refused.length > 0)
      throw new AppError(
        'DIRECTORY_FIELD_FROM_ROR',
        fromRorMessage(refused.map((f) => ESTABLISHMENT_FIELD_LABELS[f])),
        {
          fields: refused,
        },
      );
    if (values.finess && (await q.finessTaken(trx, values.finess, row.id)))
      throw new AppError(
        'INVALID_INPUT',
        `Le numéro FINESS ${values.finess} est déjà celui d'un autre établissement.`,
        {
          fields: ['finess'],
        },
      );
    const updated = await q.updateEstablishmentRow(trx, row.id, values, nextVersion(now, row.updated_at));
    await recordAudit(trx, {
      action: 'DIRECTORY_ESTABLISHMENT_UPDATED',
      at: now,
      ...auditMeta(viewer, meta),
      details: { establishmentId: row.id, before, after },
    });
    return toEstablishment(updated);
  });
}

// ——————————————————————————————————————————————————————————————————————————————————— units

export interface Unit {
  id: string;
  establishmentId: string;
  establishmentName: string;
  syncState: SyncState;
  name: string;
  kind: string;
  internalCode: string;
  description: string;
  offerType: string | null;
  activityField: string | null;
  operationalActivities: string[];
  careModes: string[];
  publics: string[];
  capacity: number | null;
  capacityUnit: 'BEDS' | 'PLACES' | null;
  capacities: { nature: string; status: string; count: number }[];
  rorResources: string[];
  localResources: string[];
  rorComfortServices: string[];
  localComfortServices: string[];
  pathologies: string[];
  filiere: string;
  coverage: string[];
  rorId: string | null;
  closedAt: Date | null;
  updatedAt: Date;
}

function toUnit(r: q.UnitRow): Unit {
  return {
    id: r.id,
    establishmentId: r.establishment_id,
    establishmentName: r.establishment_name,
    syncState: r.ror_sync_state as SyncState,
    name: r.name,
    kind: r.kind,
    internalCode: r.internal_code,
    description: r.description,
    offerType: r.offer_type,
    activityField: r.activity_field,
    operationalActivities: r.operational_activities,
    careModes: r.care_modes,
    publics: r.publics,
    capacity: r.capacity,
    capacityUnit: r.capacity_unit as Unit['capacityUnit'],
    capacities: (Array.isArray(r.capacities) ? r.capacities : []) as Unit['capacities'],
    rorResources: r.ror_resources,
    localResources: r.local_resources,
    rorComfortServices: r.ror_comfort_services,
    localComfortServices: r.local_comfort_services,
    pathologies: r.pathologies,
    filiere: r.filiere,
    coverage: r.coverage,
    rorId: r.ror_id,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

/** The fields of a unit not to be changed here: the ROR's while linked, coverage but for HAD units. */
export function unitReadOnlyFields(state: SyncState, kind: string): UnitField[] {
  return refusedUnitFields([...UNIT_ROR_FIELDS, ...UNIT_LOCAL_FIELDS], state, kind);
}

/** « Unités de soins »: all the establishment's units, or a Référent unité's own. */
export async function listUnits(deps: CoreDeps, viewer: Viewer, establishmentId: string) {
  const authz = requireReferent(viewer);
  await readableEstablishment(deps, authz, establishmentId);
  const whole = mayEditEstablishment(authz, establishmentId);
  const own = whole ? undefined : [...authz.unitScope].filter(([, e]) => e === establishmentId).map(([u]) => u);
  const rows = await q.listUnitSummaries(deps.db, establishmentId, own);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      internalCode: r.internal_code,
      capacity: r.capacity,
      capacityUnit: r.capacity_unit as Unit['capacityUnit'],
      closed: r.closed_at !== null,
      rorId: r.ror_id,
      may: { edit: r.closed_at === null && mayEditUnit(authz, { id: r.id, establishmentId }) },
    })),
  };
}

async function editableUnitOrThrow(authz: Authorization, row: q.UnitRow | undefined) {
  if (!row) throw new AppError('NOT_FOUND', 'Unité introuvable.');
  if (!mayEditUnit(authz, { id: row.id, establishmentId: row.establishment_id }))
    throw new AppError('FORBIDDEN', UNIT_OUT_OF_SCOPE);
  return row;
}

/** One unit's record (« Modifier »), which fields are not to be changed here, and whether the viewer may change it. */
export async function getUnit(deps: CoreDeps, viewer: Viewer, id: string) {
  const authz = requireReferent(viewer);
  const row = await editableUnitOrThrow(authz, await q.findUnit(deps.db, id));
  const unit = toUnit(row);
  return {
    unit,
    readOnly: unitReadOnlyFields(unit.syncState, unit.kind),
    may: { edit: unit.closedAt === null },
  };
}

const UNIT_COLUMN: Record<UnitField, keyof q.UnitUpdate> = {
  name: 'name',
  kind: 'kind',
  offerType: 'offer_type',
  activityField: 'activity_field',
  operationalActivities: 'operational_activities',
  careModes: 'care_modes',
  publics: 'publics',
  capacity: 'capacity',
  capacityUnit: 'capacity_unit',
  rorResources: 'ror_resources',
  rorComfortServices: 'ror_comfort_services',
  internalCode: 'internal_code',
  description: 'description',
  localResources: 'local_resources',
  localComfortServices: 'local_comfort_services',
  pathologies: 'pathologies',
  filiere: 'filiere',
  coverage: 'coverage',
};
const NULLABLE_UNIT_FIELDS: ReadonlySet<UnitField> = new Set(['offerType', 'activityField']);

/** Saves a unit's « Modifier »: as for an establishment, plus coverage for HAD units only, and nothing on a closed unit. */
export async function updateUnit(
  deps: CoreDeps,
  viewer: Viewer,
  input: { id: string; expectedUpdatedAt: string; changes: UnitChanges },
  meta: RequestMeta,
): Promise<Unit> {
  const authz = requireReferent(viewer);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await editableUnitOrThrow(authz, await q.lockUnit(trx, input.id));
    const current = toUnit(row);
    if (current.closedAt) throw new AppError('DIRECTORY_CLOSED', UNIT_CLOSED);
    if (!isVersion(row.updated_at, input.expectedUpdatedAt)) throw new AppError('DIRECTORY_STALE', STALE);
    const values: q.UnitUpdate = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, sent] of Object.entries(input.changes) as [UnitField, unknown][]) {
      if (sent === undefined) continue;
      const value = sent === '' && NULLABLE_UNIT_FIELDS.has(field) ? null : sent;
      if (same(current[field], value)) continue;
      before[field] = current[field];
      after[field] = value;
      (values as Record<string, unknown>)[UNIT_COLUMN[field]] = value;
    }
    const changed = Object.keys(after) as UnitField[];
    if (changed.length === 0) return current;
    const kind = (after.kind as string | undefined) ?? current.kind;
    const refused = refusedUnitFields(changed, current.syncState, kind);
    if (refused.includes('coverage') && kind !== 'HAD')
      throw new AppError('INVALID_INPUT', COVERAGE_HAD_ONLY, { fields: ['coverage'] });
    if (refused.length > 0)
      throw new AppError('DIRECTORY_FIELD_FROM_ROR', fromRorMessage(refused.map((f) => UNIT_FIELD_LABELS[f])), {
        fields: refused,
      });
    await q.updateUnitRow(trx, row.id, values, nextVersion(now, row.updated_at));
    await recordAudit(trx, {
      action: 'DIRECTORY_UNIT_UPDATED',
      at: now,
      ...auditMeta(viewer, meta),
      details: { establishmentId: row.establishment_id, unitId: row.id, before, after },
    });
    const updated = await q.findUnit(trx, row.id);
    if (!updated) throw new AppError('NOT_FOUND', 'Unité introuvable.');
    return toUnit(updated);
  });
}

// ——————————————————————————————————————————————————————————————————————————— admission desks

export interface Desk {
  id: string;
  establishmentId: string;
  name: string;
  closed: boolean;
  closedAt: Date | null;
  updatedAt: Date;
}

function toDesk(r: q.DeskRow): Desk {
  return {
    id: r.id,
    establishmentId: r.establishment_id,
    name: r.name,
    closed: r.closed_at !== null,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

async function requireDeskManager(deps: CoreDeps, authz: Authorization, establishmentId: string) {
  await readableEstablishment(deps, authz, establishmentId);
  if (!mayEditEstablishment(authz, establishmentId)) throw new AppError('FORBIDDEN', ESTABLISHMENT_READ_ONLY);
}

/** The establishment's admission desks (guichets), open ones first. */
export async function listDesks(deps: CoreDeps, viewer: Viewer, establishmentId: string) {
  const authz = requireReferent(viewer);
  await requireDeskManager(deps, authz, establishmentId);
  const rows = await q.listDesks(deps.db, establishmentId);
  return { items: rows.map(toDesk) };
}

function deskNameTaken(name: string) {
  return new AppError('CONFLICT', `Un guichet d'admission ouvert s'appelle déjà « ${name} » dans cet établissement.`, {
    fields: ['name'],
  });
}

export async function createDesk(
  deps: CoreDeps,
  viewer: Viewer,
  input: { establishmentId: string; name: string },
  meta: RequestMeta,
): Promise<Desk> {
  const authz = requireReferent(viewer);
  await requireDeskManager(deps, authz, input.establishmentId);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await q.lockEstablishmentForDesks(trx, input.establishmentId);
    if (await q.openDeskNamed(trx, input.establishmentId, input.name)) throw deskNameTaken(input.name);
    const desk = await q.insertDesk(trx, input.establishmentId, input.name, now);
    await recordAudit(trx, {
      action: 'DIRECTORY_DESK_CREATED',
      at: now,
      ...auditMeta(viewer, meta),
      details: { establishmentId: input.establishmentId, deskId: desk.id, before: null, after: { name: desk.name } },
    });
    return toDesk(desk);
  });
}

async function changeDesk(
  deps: CoreDeps,
  viewer: Viewer,
  id: string,
  meta: RequestMeta,
  change: { rename: string } | { close: true },
): Promise<Desk> {
  const authz = requireReferent(viewer);
  const found = await q.findDesk(deps.db, id);
  if (!found) throw new AppError('NOT_FOUND', "Guichet d'admission introuvable.");
  await requireDeskManager(deps, authz, found.establishment_id);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await q.lockEstablishmentForDesks(trx, found.establishment_id);
    const desk = await q.lockDesk(trx, id);
    if (!desk) throw new AppError('NOT_FOUND', "Guichet d'admission introuvable.");
    if (desk.closed_at) {
      if ('close' in change) return toDesk(desk);
      throw new AppError('DIRECTORY_CLOSED', DESK_CLOSED);
    }
    if ('rename' in change) {
      if (desk.name === change.rename) return toDesk(desk);
      if (await q.openDeskNamed(trx, desk.establishment_id, change.rename, desk.id)) throw deskNameTaken(change.rename);
    }
    const updated = await q.updateDeskRow(
      trx,
      id,
      'rename' in change ? { name: change.rename } : { closed_at: now },
      nextVersion(now, desk.updated_at),
    );
    await recordAudit(trx, {
      action: 'rename' in change ? 'DIRECTORY_DESK_RENAMED' : 'DIRECTORY_DESK_CLOSED',
      at: now,
      ...auditMeta(viewer, meta),
      details: {
        establishmentId: desk.establishment_id,
        deskId: desk.id,
        before: 'rename' in change ? { name: desk.name } : { closedAt: null },
        after: 'rename' in change ? { name: updated.name } : { closedAt: now.toISOString() },
      },
    });
    return toDesk(updated);
  });
}

export function renameDesk(deps: CoreDeps, viewer: Viewer, input: { id: string; name: string }, meta: RequestMeta) {
  return changeDesk(deps, viewer, input.id, meta, { rename: input.name });
}

/** Closes a desk: its habilitations stay, no new one is granted on it. */
export function closeDesk(deps: CoreDeps, viewer: Viewer, id: string, meta: RequestMeta) {
  return changeDesk(deps, viewer, id, meta, { close: true });
}
