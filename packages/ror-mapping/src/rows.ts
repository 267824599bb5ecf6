import type { CapacityUnit, ESTABLISHMENT_ROR_FIELDS, UNIT_ROR_FIELDS, UnitKind } from '@trajectoire/domain';
import type { CapacityRecord, LocationRecord, OrganizationRecord, ServiceRecord } from './types';

/**
 * The ROR columns of `establishments`, camelCase: every field of ESTABLISHMENT_ROR_FIELDS, plus
 * the link (rorId, categoryCode, rorLastUpdated) and whether the ROR still has it active.
 */
export interface EstablishmentRorRow {
  rorId: string;
  finess: string;
  name: string;
  legalEntityFiness: string | null;
  legalEntityName: string | null;
  /** The column is not null: an EG without a TRE_R66 category gives ''. */
  category: string;
  categoryCode: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  departement: string;
  phone: string | null;
  email: string | null;
  rorLastUpdated: string | null;
  active: boolean;
}

/** The ROR columns of `units`, camelCase: every field of UNIT_ROR_FIELDS plus the link. */
export interface UnitRorRow {
  rorId: string;
  rorLocationId: string | null;
  name: string;
  kind: UnitKind;
  offerType: string | null;
  activityField: string;
  operationalActivities: string[];
  careModes: string[];
  publics: string[];
  capacity: number | null;
  capacityUnit: CapacityUnit | null;
  capacities: CapacityRecord[];
  /** The service's actes spécifiques (« acte:… ») then the place's equipment (« equipement:… »). */
  rorResources: string[];
  rorComfortServices: string[];
  /** The later of the service's and the place's `meta.lastUpdated`. */
  rorLastUpdated: string | null;
  active: boolean;
}

// Compile-time: the rows carry every field the domain says the ROR manages.
type Covers<Row, Fields extends readonly string[]> = Fields[number] extends keyof Row ? true : never;
const establishmentRowCoversFields: Covers<EstablishmentRorRow, typeof ESTABLISHMENT_ROR_FIELDS> = true;
const unitRowCoversFields: Covers<UnitRorRow, typeof UNIT_ROR_FIELDS> = true;
void establishmentRowCoversFields;
void unitRowCoversFields;

/** The establishment row of an EG (and of its EJ when known). Throws on a record that is no EG. */
export function establishmentRow(eg: OrganizationRecord, ej: OrganizationRecord | null): EstablishmentRorRow {
  if (eg.level !== 'EG' || eg.finess === null || eg.departement === null) {
    throw new TypeError(`establishmentRow: ${eg.rorId} is not a mapped entité géographique`);
  }
  return {
    rorId: eg.rorId,
    finess: eg.finess,
    name: eg.name,
    legalEntityFiness: ej?.finess ?? null,
    legalEntityName: ej?.name ?? null,
    category: eg.category ?? '',
    categoryCode: eg.categoryCode,
    address: eg.address,
    postalCode: eg.postalCode,
    city: eg.city,
    departement: eg.departement,
    phone: eg.phone,
    email: eg.email,
    rorLastUpdated: eg.lastUpdated,
    active: eg.active,
  };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The unit row of a service and its place (the first of `locationIds` the caller found; null when
 * the ROR gives none: no capacity then).
 */
export function unitRow(service: ServiceRecord, location: LocationRecord | null): UnitRorRow {
  let rorResources = service.rorResources;
  if (location !== null && location.equipment.length > 0) {
    rorResources = rorResources.slice();
    for (const code of location.equipment) {
      const entry = `equipement:${code}`;
      if (!rorResources.includes(entry)) rorResources.push(entry);
    }
  }
  return {
    rorId: service.rorId,
    rorLocationId: location?.rorId ?? null,
    name: service.name,
    kind: service.kind,
    offerType: service.offerType,
    activityField: service.activityField,
    operationalActivities: service.operationalActivities,
    careModes: service.careModes,
    publics: service.publics,
    capacity: location?.capacity ?? null,
    capacityUnit: location?.capacityUnit ?? null,
    capacities: location?.capacities ?? [],
    rorResources,
    rorComfortServices: service.rorComfortServices,
    rorLastUpdated: later(service.lastUpdated, location?.lastUpdated ?? null),
    active: service.active,
  };
}
