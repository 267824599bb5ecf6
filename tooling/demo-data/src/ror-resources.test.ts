import type { Extension, HealthcareService, Location, Organization } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { generateDirectory } from './dataset';
import {
  baseLastUpdatedMs,
  CATEGORY_CODES,
  fhirResources,
  hashOf,
  ROR_EXTENSIONS,
  ROR_SYSTEMS,
  rorDirectory,
} from './ror-resources';

const codeIn = (concepts: { coding?: { system?: string; code?: string }[] }[] | undefined, system: string) =>
  concepts?.flatMap((c) => c.coding ?? []).find((c) => c.system === system)?.code;

const sub = (e: Extension, url: string) => e.extension?.find((x) => x.url === url);

describe('fhirResources', () => {
  const directory = generateDirectory({ establishments: 60 });
  const resources = fhirResources(directory);
  const all = [...resources.all()];
  const byId = new Map(all.map((r) => [`${r.resourceType}/${r.id}`, r]));

  it('gives every resource the ids of the contract, once', () => {
    expect(byId.size).toBe(all.length);
    const units = directory.establishments.flatMap((e) => e.units);
    expect(all.filter((r) => r.resourceType === 'HealthcareService')).toHaveLength(units.length);
    expect(all.filter((r) => r.resourceType === 'Location')).toHaveLength(units.length);
    for (const u of units) {
      expect(byId.has(`HealthcareService/${u.key}`)).toBe(true);
      expect(byId.has(`Location/loc-${u.key}`)).toBe(true);
      expect(byId.has(`Organization/uf-${u.key}`)).toBe(true);
    }
    const entities = new Set(directory.establishments.map((e) => e.legalEntity.finess));
    expect(entities.size).toBeLessThan(directory.establishments.length); // some legal entities run several
    expect(all.filter((r) => r.id?.startsWith('ej-'))).toHaveLength(entities.size);
    expect(resources.counts.organizations).toBe(all.filter((r) => r.resourceType === 'Organization').length);
  });

  it('describes an establishment as the ROR does: FINESS, category, address, telecom, partOf the EJ', () => {
    const chu = byId.get('Organization/eg-chu-lyon') as Organization;
    const e = directory.establishments[0];
    expect(chu.identifier).toContainEqual(
      expect.objectContaining({ system: ROR_SYSTEMS.finess, value: e?.finess, type: expect.anything() }),
    );
    expect(chu.identifier?.find((i) => i.system === ROR_SYSTEMS.finess)?.type?.coding?.[0]?.code).toBe('1');
    expect(codeIn(chu.type, ROR_SYSTEMS.establishmentCategory)).toBe(CATEGORY_CODES['Centre hospitalier régional']);
    expect(chu.type?.[0]?.coding?.[0]?.display).toBe('Centre hospitalier régional');
    expect(chu.address?.[0]).toMatchObject({ line: ["5 place d'Arsonval"], postalCode: '69003', city: 'Lyon' });
    expect(chu.telecom).toEqual([
      { system: 'phone', value: '+33472116000' },
      { system: 'email', value: 'contact@chu-lyon.demo' },
    ]);
    expect(chu.partOf?.reference).toBe(`Organization/ej-${e?.legalEntity.finess}`);
    expect(chu.meta?.lastUpdated).toMatch(/^2025-/);
  });

  it('puts a pôle under every 5th establishment, so chains have depth', () => {
    expect((byId.get('Organization/uf-chu-lyon-cardio') as Organization).partOf?.reference).toBe(
      'Organization/pole-chu-lyon',
    );
    const pole = byId.get('Organization/pole-chu-lyon') as Organization;
    expect(pole.partOf?.reference).toBe('Organization/eg-chu-lyon');
    expect(codeIn(pole.type, ROR_SYSTEMS.internalOrganizationType)).toBe('1');
    expect((byId.get('Organization/uf-grenoble-smr-neuro') as Organization).partOf?.reference).toBe(
      'Organization/eg-clinique-grenoble',
    );
    expect(all.filter((r) => r.id?.startsWith('pole-'))).toHaveLength(12);
  });

  it('describes a unit: offer, service provided by its UF at its location, with capacities', () => {
    const service = byId.get('HealthcareService/had-isere-adultes') as HealthcareService;
    expect(service.meta?.profile).toEqual([
      'https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-healthcareservice',
    ]);
    expect(service.providedBy?.reference).toBe('Organization/uf-had-isere-adultes');
    expect(service.location).toEqual([{ reference: 'Location/loc-had-isere-adultes' }]);
    expect(codeIn(service.characteristic, ROR_SYSTEMS.careMode)).toBe('31');
    expect(codeIn(service.type, ROR_SYSTEMS.activityField)).toBe('01');
    expect(codeIn(service.category, ROR_SYSTEMS.offerType)).toBeDefined();
    expect(codeIn(service.specialty, ROR_SYSTEMS.operationalActivity)).toBeDefined();
    expect(codeIn(service.characteristic, ROR_SYSTEMS.public)).toBeDefined();

    const location = byId.get('Location/loc-had-isere-adultes') as Location;
    const installed = location.extension
      ?.filter((x) => x.url === ROR_EXTENSIONS.supportedCapacity)
      .find((x) => sub(x, 'capacityStatus')?.valueCodeableConcept?.coding?.[0]?.code === '01') as Extension;
    expect(sub(installed, 'nbCapacity')?.valueInteger).toBe(60);
    expect(sub(installed, 'capacityType')?.valueCodeableConcept?.coding?.[0]).toMatchObject({
      code: '02',
      display: 'Place',
    });
    const cardio = byId.get('Location/loc-chu-lyon-cardio') as Location;
    expect(JSON.stringify(cardio)).toContain('"display":"Lit"');

    const acts = all
      .filter((r): r is HealthcareService => r.resourceType === 'HealthcareService')
      .filter((s) => codeIn(s.characteristic, ROR_SYSTEMS.specificAct));
    expect(acts.length).toBeGreaterThan(0);
  });

  it('is deterministic and reads one resource as the listing gives it', () => {
    const again = [...fhirResources(generateDirectory({ establishments: 60 })).all()];
    expect(JSON.stringify(again)).toBe(JSON.stringify(all));
    for (const r of all.slice(0, 50)) expect(resources.read(r.resourceType, r.id as string)).toEqual(r);
    expect(resources.read('HealthcareService', 'nope')).toBeUndefined();
  });

  it('dates every resource in 2025 by a hash of its id, the same as ever (a changed date would turn a delta into a full one)', () => {
    for (const r of all) {
      const id = r.id as string;
      const expected = Date.UTC(2025, 0, 1) + (hashOf(`lu:${id}`) % (365 * 86_400)) * 1000;
      expect(baseLastUpdatedMs(id)).toBe(expected);
      expect(r.meta?.lastUpdated).toBe(new Date(expected).toISOString());
    }
    expect(hashOf('a')).toBe(0xe40c292c); // FNV-1a's published value for « a »
  });

  it('applies an overlay: deleted resources vanish, changed ones carry their new lastUpdated', () => {
    const overlay = new Map([
      ['HealthcareService/chu-lyon-cardio', { lastUpdated: '2026-02-01T00:00:00.000Z', versionId: 2, deleted: true }],
      ['Location/loc-chu-lyon-neuro', { lastUpdated: '2026-02-01T00:00:00.000Z', versionId: 2, capacity: 7 }],
      ['HealthcareService/chu-lyon-smr', { lastUpdated: '2026-02-01T00:00:00.000Z', versionId: 2, active: false }],
    ]);
    const changed = fhirResources(directory, { overlay });
    expect(changed.read('HealthcareService', 'chu-lyon-cardio')).toBeUndefined();
    expect([...changed.healthcareServices()]).toHaveLength(resources.unitCount - 1);
    const neuro = changed.read('Location', 'loc-chu-lyon-neuro') as Location;
    expect(neuro.meta).toMatchObject({ versionId: '2', lastUpdated: '2026-02-01T00:00:00.000Z' });
    expect(JSON.stringify(neuro)).toContain('"valueInteger":7');
    expect((changed.read('HealthcareService', 'chu-lyon-smr') as HealthcareService).active).toBe(false);
  });

  it('sizes the directory by units, in whole establishments, demo ones first', () => {
    const d = rorDirectory({ units: 1000 });
    const units = d.establishments.reduce((n, e) => n + e.units.length, 0);
    expect(units).toBeGreaterThanOrEqual(1000);
    expect(units - (d.establishments.at(-1)?.units.length ?? 0)).toBeLessThan(1000);
    expect(d.establishments[0]?.key).toBe('chu-lyon');
  });
});
