/**
 * The directory's rules: what kinds of unit exist, which fields of an establishment and of a unit
 * the ROR manages, and which ones référents keep locally. The sync writes only the first; the
 * portal greys them and the server refuses to change them while the establishment is synchronised.
 */

export const UNIT_KINDS = ['MCO', 'SMR', 'HAD', 'SOINS_PALLIATIFS', 'PSYCHIATRIE', 'EHPAD', 'USLD'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  MCO: 'Médecine, chirurgie, obstétrique (MCO)',
  SMR: 'Soins médicaux et de réadaptation (SMR)',
  HAD: 'Hospitalisation à domicile (HAD)',
  SOINS_PALLIATIFS: 'Soins palliatifs',
  PSYCHIATRIE: 'Psychiatrie',
  EHPAD: 'EHPAD',
  USLD: 'Unité de soins de longue durée (USLD)',
};

export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(value);
}

/** Hospital units count beds; home care and nursing homes count places. */
export type CapacityUnit = 'BEDS' | 'PLACES';

export function capacityUnitOf(kind: UnitKind): CapacityUnit {
  return kind === 'HAD' || kind === 'EHPAD' ? 'PLACES' : 'BEDS';
}

/**
 * An establishment's link with the ROR: found and up to date, never found (or no ROR), or found
 * but its last sync failed (the reason is kept beside it).
 */
export const SYNC_STATES = ['SYNCHRONISED', 'NOT_SYNCHRONISED', 'ERROR'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export const SYNC_STATE_LABELS: Readonly<Record<SyncState, string>> = {
  SYNCHRONISED: 'Synchronisé avec le ROR',
  NOT_SYNCHRONISED: 'Non synchronisé',
  ERROR: 'Synchronisation en erreur',
};

/** While an establishment is linked to the ROR (synchronised or in error), the ROR's fields are its. */
export function isRorManaged(state: SyncState): boolean {
  return state !== 'NOT_SYNCHRONISED';
}

export const ESTABLISHMENT_ROR_FIELDS = [
  'finess',
  'name',
  'legalEntityFiness',
  'legalEntityName',
  'category',
  'address',
  'postalCode',
  'city',
  'departement',
  'phone',
  'email',
] as const;
export const ESTABLISHMENT_LOCAL_FIELDS = ['description', 'accessItinerary'] as const;
export type EstablishmentField =
  | (typeof ESTABLISHMENT_ROR_FIELDS)[number]
  | (typeof ESTABLISHMENT_LOCAL_FIELDS)[number];

export const UNIT_ROR_FIELDS = [
  'name',
  'kind',
  'offerType',
  'activityField',
  'operationalActivities',
  'careModes',
  'publics',
  'capacity',
  'capacityUnit',
  'rorResources',
  'rorComfortServices',
] as const;
export const UNIT_LOCAL_FIELDS = [
  'internalCode',
  'description',
  'localResources',
  'localComfortServices',
  'pathologies',
  'filiere',
  'coverage',
] as const;
export type UnitField = (typeof UNIT_ROR_FIELDS)[number] | (typeof UNIT_LOCAL_FIELDS)[number];

/** Whether a field may be changed here, given the establishment's link with the ROR. */
export function isEstablishmentFieldEditable(field: EstablishmentField, state: SyncState): boolean {
  return !isRorManaged(state) || (ESTABLISHMENT_LOCAL_FIELDS as readonly string[]).includes(field);
}

export function isUnitFieldEditable(field: UnitField, state: SyncState, kind: string): boolean {
  // Geographic coverage only means something for care delivered at home.
  if (field === 'coverage' && kind !== 'HAD') return false;
  return !isRorManaged(state) || (UNIT_LOCAL_FIELDS as readonly string[]).includes(field);
}

/** The fields of a change that may not be made: the server refuses the whole change when any is. */
export function refusedEstablishmentFields(
  changed: readonly EstablishmentField[],
  state: SyncState,
): EstablishmentField[] {
  return changed.filter((field) => !isEstablishmentFieldEditable(field, state));
}

export function refusedUnitFields(changed: readonly UnitField[], state: SyncState, kind: string): UnitField[] {
  return changed.filter((field) => !isUnitFieldEditable(field, state, kind));
}

/**
 * A geographic coverage entry: a commune by its INSEE code (« 38563 », Corsica « 2A004 ») or a
 * postal code (« 38500 »). Both are five characters; the portal says which it expects.
 */
export function isCoverageEntry(value: string): boolean {
  return /^(?:\d{5}|2[AB]\d{3})$/.test(value);
}
