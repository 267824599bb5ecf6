import type { CapacityUnit, UnitKind } from '@trajectoire/domain';

/** A mapping's outcome: the record, or why the resource cannot be used (in French, naming the field). */
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

export type OrganizationLevel = 'EJ' | 'EG' | 'INTERNAL';

/** An Organization of the ROR: entité juridique, entité géographique or organisation interne. */
export interface OrganizationRecord {
  rorId: string;
  level: OrganizationLevel;
  /** The id of the Organization above it (`partOf`), null at the top. */
  partOf: string | null;
  /** 9 characters with a valid key; always set on an EG, when the ROR gives it elsewhere. */
  finess: string | null;
  name: string;
  /** TRE_R66 code (EG) and its label. */
  categoryCode: string | null;
  category: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  departement: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
  lastUpdated: string | null;
}

export interface CapacityRecord {
  /** Nature de capacité (TRE_R329): 01 lit, 02 place… */
  nature: string;
  /** Statut de capacité (TRE_R330): 01 installé, 02 disponible, 06 supplémentaire… */
  status: string;
  count: number;
}

export interface ResidentialCapacityRecord {
  /** Type d'habitation (JDV_J32). */
  type: string;
  count: number | null;
}

/** A Location of the ROR (lieu de réalisation de l'offre): what a unit can hold. */
export interface LocationRecord {
  rorId: string;
  /** Installed capacity (status 01) of the main nature, null when the ROR gives none. */
  capacity: number | null;
  capacityUnit: CapacityUnit | null;
  capacities: CapacityRecord[];
  /** `ror-location-residential-capacity` (homes): kept for information, not counted in `capacity`. */
  residentialCapacities: ResidentialCapacityRecord[];
  /** Équipements spécifiques (JDV_J18) codes. */
  equipment: string[];
  lastUpdated: string | null;
}

/** A HealthcareService of the ROR (offre opérationnelle): one unit of the directory. */
export interface ServiceRecord {
  rorId: string;
  name: string;
  /** The Organization providing it (usually an unité fonctionnelle). */
  providedBy: string;
  locationIds: string[];
  kind: UnitKind;
  /** Type d'offre (TRE_R244), champ d'activité (TRE_R227). */
  offerType: string | null;
  activityField: string;
  /** Activités opérationnelles (TRE_R211), modes de prise en charge (TRE_R213), publics (TRE_R239). */
  operationalActivities: string[];
  careModes: string[];
  publics: string[];
  /** ROR-managed resources and technical care: « acte:<TRE_R210 code> » (actes spécifiques). */
  rorResources: string[];
  /** Always empty: the exposure model 3.0 has no comfort services (see mapHealthcareService). */
  rorComfortServices: string[];
  active: boolean;
  lastUpdated: string | null;
}
