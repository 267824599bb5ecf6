export { resolveEstablishment } from './chain';
export {
  ACTIVITY_FIELDS,
  categoryCodeOf,
  departementOfFiness,
  departementOfPostalCode,
  ESTABLISHMENT_CATEGORIES,
  TRE,
  UNIT_KIND_CODES,
  unitKindOf,
} from './codes';
export { mapHealthcareService, mapLocation, mapOrganization } from './mapping';
export { type EstablishmentRorRow, establishmentRow, type UnitRorRow, unitRow } from './rows';
export type {
  CapacityRecord,
  LocationRecord,
  Mapped,
  OrganizationLevel,
  OrganizationRecord,
  ResidentialCapacityRecord,
  ServiceRecord,
} from './types';
