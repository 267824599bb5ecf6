import type { Database, DB } from '@trajectoire/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import { rowCount } from '../shared/sql-literals';

/**
 * Every statement that reads or edits establishments, units and admission desks, but the sync's
 * (directory/sync/) and the joins inside other domains' hot queries (a credential's
 * habilitations with their places' names, the review, the export, the referents of « Mon
 * compte »): those name a place in a bigger read and stay joins there.
 */

type Db = Kysely<DB> | Database;

const NO_ID = '00000000-0000-0000-0000-000000000000';

// ————————————————————————————————————————————————————————————————— places, for the other domains

/** Establishments by département and name, among `onlyIds` when given, in `departement` when given. */
export async function listEstablishmentsByDepartement(
  db: Db,
  filters: { onlyIds?: readonly string[] | undefined; departement?: string | undefined },
) {
  let query = db
    .selectFrom('establishments')
    .select(['id', 'name', 'departement', 'finess'])
    .orderBy('departement')
    .orderBy('name')
    .limit(rowCount(500));
  if (filters.onlyIds) query = query.where('id', 'in', filters.onlyIds.length > 0 ? [...filters.onlyIds] : [NO_ID]);
  if (filters.departement) query = query.where('departement', '=', filters.departement);
  return query.execute();
}

/** The units of these establishments, by name, closed ones included (`closed_at`). */
export async function listUnitsOfEstablishments(db: Db, establishmentIds: readonly string[]) {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'establishment_id', 'closed_at'])
    .where('establishment_id', 'in', [...establishmentIds])
    .orderBy('name')
    .execute();
}

/** The admission desks of these establishments, by name, closed ones included (`closed_at`). */
export async function listDesksOfEstablishments(db: Db, establishmentIds: readonly string[]) {
  if (establishmentIds.length === 0) return [];
  return db
    .selectFrom('admission_desks')
    .select(['id', 'name', 'establishment_id', 'closed_at'])
    .where('establishment_id', 'in', [...establishmentIds])
    .orderBy('name')
    .execute();
}

/** Those of `unitIds` that belong to the establishment, with their names and whether they are closed. */
export async function unitsOfEstablishment(db: Db, establishmentId: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name', 'closed_at'])
    .where('establishment_id', '=', establishmentId)
    .where('id', 'in', [...unitIds])
    .execute();
}

/** The desk, if it belongs to the establishment. */
export async function deskOfEstablishment(db: Db, establishmentId: string, deskId: string) {
  return db
    .selectFrom('admission_desks')
    .select(['id', 'name', 'closed_at'])
    .where('establishment_id', '=', establishmentId)
    .where('id', '=', deskId)
    .executeTakeFirst();
}

/** Whether the establishment exists and the unit, if any, belongs to it. */
/** Whether a place exists (a unit: in that establishment), and whether it is closed (itself or its establishment). */
export async function placeState(
  db: Db,
  establishmentId: string,
  unitId: string | null,
): Promise<'MISSING' | 'CLOSED' | 'OPEN'> {
  const row = unitId
    ? await db
        .selectFrom('units as u')
        .innerJoin('establishments as e', 'e.id', 'u.establishment_id')
        .select(['u.closed_at as unitClosedAt', 'e.closed_at as establishmentClosedAt'])
        .where('u.id', '=', unitId)
        .where('u.establishment_id', '=', establishmentId)
        .executeTakeFirst()
    : await db
        .selectFrom('establishments as e')
        .select(['e.closed_at as establishmentClosedAt'])
        .where('e.id', '=', establishmentId)
        .executeTakeFirst();
  if (!row) return 'MISSING';
  const closed = row.establishmentClosedAt !== null || ('unitClosedAt' in row && row.unitClosedAt !== null);
  return closed ? 'CLOSED' : 'OPEN';
}

// ——————————————————————————————————————————————————————————————————————————— establishments

const ESTABLISHMENT_COLUMNS = [
  'id',
  'finess',
  'name',
  'legal_entity_finess',
  'legal_entity_name',
  'category',
  'address',
  'postal_code',
  'city',
  'departement',
  'phone',
  'email',
  'description',
  'access_itinerary',
  'ror_id',
  'ror_sync_state',
  'ror_sync_error',
  'ror_synced_at',
  'closed_at',
  'updated_at',
] as const;

export async function findEstablishment(db: Db, id: string) {
  return db.selectFrom('establishments').select(ESTABLISHMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type EstablishmentRow = NonNullable<Awaited<ReturnType<typeof findEstablishment>>>;

export async function lockEstablishment(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('establishments')
    .select(ESTABLISHMENT_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

const SUMMARY_COLUMNS = [
  'id',
  'finess',
  'name',
  'city',
  'departement',
  'ror_sync_state',
  'ror_sync_error',
  'ror_synced_at',
  'closed_at',
] as const;

/** After (name, id) of the last row of the previous page. */
export interface EstablishmentCursor {
  name: string;
  id: string;
}

/**
 * A page of establishments in (name, id) order, after `cursor`, among `onlyIds` when given,
 * matching `search` when given: a FINESS prefix (digits), or words each found in the name or the
 * commune, accents and case ignored. `limit + 1` rows are read to tell whether a page follows.
 */
export async function pageEstablishments(
  db: Db,
  options: {
    onlyIds?: readonly string[] | undefined;
    search?: { finessPrefix: string } | { words: string[] } | undefined;
    after?: EstablishmentCursor | undefined;
    limit: number;
  },
) {
  let query = db
    .selectFrom('establishments')
    .select(SUMMARY_COLUMNS)
    .orderBy('name')
    .orderBy('id')
    .limit(rowCount(options.limit + 1));
  if (options.onlyIds) query = query.where('id', 'in', options.onlyIds.length > 0 ? [...options.onlyIds] : [NO_ID]);
  if (options.after) {
    const { name, id } = options.after;
    query = query.where(sql<boolean>`(name, id) > (${name}, ${id}::uuid)`);
  }
  const search = options.search;
  if (search && 'finessPrefix' in search) {
    // A prefix as a range (never a LIKE parameter): FINESS numbers are digits, or 2A/2B.
    query = query.where('finess', '>=', search.finessPrefix).where('finess', '<', `${search.finessPrefix}\uffff`);
  } else if (search) {
    // `search_text`: the name and the commune folded as `parseEstablishmentSearch` (service.ts) folds what is typed (lower
    // case, no accents, « œ » as « oe », apostrophes and hyphens as spaces; migration 0014).
    for (const word of search.words) query = query.where(sql<boolean>`strpos(search_text, ${word}) > 0`);
  }
  return query.execute();
}

export interface EstablishmentUpdate {
  finess?: string;
  name?: string;
  legal_entity_finess?: string | null;
  legal_entity_name?: string | null;
  category?: string;
  address?: string | null;
  postal_code?: string | null;
  city?: string | null;
  departement?: string;
  phone?: string | null;
  email?: string | null;
  description?: string;
  access_itinerary?: string;
}

export async function updateEstablishmentRow(
  trx: Transaction<DB>,
  id: string,
  values: EstablishmentUpdate,
  updatedAt: Date,
) {
  return trx
    .updateTable('establishments')
    .set({ ...values, updated_at: updatedAt })
    .where('id', '=', id)
    .returning(ESTABLISHMENT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Whether a FINESS is already another establishment's. */
export async function finessTaken(trx: Transaction<DB>, finess: string, exceptId: string) {
  const row = await trx
    .selectFrom('establishments')
    .select('id')
    .where('finess', '=', finess)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

// ——————————————————————————————————————————————————————————————————————————————————— units

const UNIT_COLUMNS = [
  'u.id',
  'u.establishment_id',
  'u.name',
  'u.kind',
  'u.internal_code',
  'u.description',
  'u.offer_type',
  'u.activity_field',
  'u.operational_activities',
  'u.care_modes',
  'u.publics',
  'u.capacity',
  'u.capacity_unit',
  'u.capacities',
  'u.ror_resources',
  'u.local_resources',
  'u.ror_comfort_services',
  'u.local_comfort_services',
  'u.pathologies',
  'u.filiere',
  'u.coverage',
  'u.ror_id',
  'u.ror_location_id',
  'u.closed_at',
  'u.updated_at',
  'e.name as establishment_name',
  'e.ror_sync_state',
] as const;

function unitsWithEstablishment(db: Db) {
  return db.selectFrom('units as u').innerJoin('establishments as e', 'e.id', 'u.establishment_id');
}

export async function findUnit(db: Db, id: string) {
  return unitsWithEstablishment(db).select(UNIT_COLUMNS).where('u.id', '=', id).executeTakeFirst();
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnit>>>;

/** The unit locked for a change, with its establishment's sync state (read in the same statement). */
export async function lockUnit(trx: Transaction<DB>, id: string) {
  return unitsWithEstablishment(trx).select(UNIT_COLUMNS).where('u.id', '=', id).forUpdate('u').executeTakeFirst();
}

/** The units of an establishment for « Unités de soins », open ones first, then by name. */
export async function listUnitSummaries(db: Db, establishmentId: string, onlyIds?: readonly string[]) {
  let query = db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'internal_code', 'capacity', 'capacity_unit', 'closed_at', 'ror_id'])
    .where('establishment_id', '=', establishmentId)
    .orderBy(sql`closed_at is not null`)
    .orderBy('name')
    .orderBy('id');
  if (onlyIds) query = query.where('id', 'in', onlyIds.length > 0 ? [...onlyIds] : [NO_ID]);
  return query.execute();
}

export interface UnitUpdate {
  name?: string;
  kind?: string;
  offer_type?: string | null;
  activity_field?: string | null;
  operational_activities?: string[];
  care_modes?: string[];
  publics?: string[];
  capacity?: number | null;
  capacity_unit?: string | null;
  ror_resources?: string[];
  ror_comfort_services?: string[];
  internal_code?: string;
  description?: string;
  local_resources?: string[];
  local_comfort_services?: string[];
  pathologies?: string[];
  filiere?: string;
  coverage?: string[];
}

export async function updateUnitRow(trx: Transaction<DB>, id: string, values: UnitUpdate, updatedAt: Date) {
  await trx
    .updateTable('units')
    .set({ ...values, updated_at: updatedAt })
    .where('id', '=', id)
    .execute();
}

// ——————————————————————————————————————————————————————————————————————————— admission desks

const DESK_COLUMNS = ['id', 'establishment_id', 'name', 'closed_at', 'updated_at'] as const;

export async function listDesks(db: Db, establishmentId: string) {
  return db
    .selectFrom('admission_desks')
    .select(DESK_COLUMNS)
    .where('establishment_id', '=', establishmentId)
    .orderBy(sql`closed_at is not null`)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function findDesk(db: Db, id: string) {
  return db.selectFrom('admission_desks').select(DESK_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type DeskRow = NonNullable<Awaited<ReturnType<typeof findDesk>>>;

export async function lockDesk(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('admission_desks').select(DESK_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** An open desk of the establishment of that name (case and spaces ignored), but `exceptId`. */
export async function openDeskNamed(trx: Transaction<DB>, establishmentId: string, name: string, exceptId?: string) {
  let query = trx
    .selectFrom('admission_desks')
    .select('id')
    .where('establishment_id', '=', establishmentId)
    .where('closed_at', 'is', null)
    .where(sql<boolean>`lower(btrim(name)) = lower(btrim(${name}))`);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

export async function insertDesk(trx: Transaction<DB>, establishmentId: string, name: string, at: Date) {
  return trx
    .insertInto('admission_desks')
    .values({ establishment_id: establishmentId, name, created_at: at, updated_at: at })
    .returning(DESK_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function updateDeskRow(
  trx: Transaction<DB>,
  id: string,
  values: { name?: string; closed_at?: Date },
  at: Date,
) {
  return trx
    .updateTable('admission_desks')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .returning(DESK_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Locks the establishment row while desks are added: two creations of the same name then see each other. */
export async function lockEstablishmentForDesks(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('establishments').select(['id']).where('id', '=', id).forUpdate().executeTakeFirst();
}
