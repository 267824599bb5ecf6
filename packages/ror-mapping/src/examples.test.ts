import { readFileSync } from 'node:fs';
import path from 'node:path';
import { finessWithKey } from '@trajectoire/domain';
import { describe, expect, it } from 'vitest';
import { fshInstances } from './fsh.test-support';
import { mapHealthcareService, mapLocation, mapOrganization } from './index';

/**
 * The real ANS examples (../shared/ror-examples, see its README), read as they are: the built
 * JSON with its CRLF line endings, the documentation's POST bodies, the IG's FSH through SUSHI's
 * importer (fsh.test-support.ts), and the searchset fragment that is not JSON.
 */
const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/ror-examples');

function read(file: string): string {
  return readFileSync(path.join(EXAMPLES, file), 'utf8');
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(read(file)) as Record<string, unknown>;
}

function fsh(file: string): Record<string, unknown> {
  const [instance, ...others] = fshInstances(read(file), file);
  expect(others).toEqual([]);
  return instance as Record<string, unknown>;
}

/** The documentation's bodies are POSTs: the server gives the id. */
function posted(file: string, id: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...json(file), id, ...changes };
}

describe('the IG’s built JSON (CRLF)', () => {
  it('keeps its CRLF line endings and parses', () => {
    expect(read('ig-built/HealthcareService-1234564.json')).toContain('\r\n');
    expect(read('ig-built/Location-ror-location-exemple.json')).toContain('\r\n');
  });

  it('HealthcareService 1234564: an MCO unit without any care mode (tolerated)', () => {
    expect(mapHealthcareService(json('ig-built/HealthcareService-1234564.json'))).toEqual({
      ok: true,
      value: {
        rorId: '1234564',
        name: '5812  Chirurgie gynécologique - HOSPITALISATION COMPLETE',
        providedBy: '999999',
        locationIds: ['888888'],
        kind: 'MCO',
        offerType: '157',
        activityField: '01',
        operationalActivities: ['022'],
        careModes: [],
        publics: [],
        rorResources: [],
        rorComfortServices: [],
        active: true,
        lastUpdated: '2025-04-08T13:05:27.000+00:00',
      },
    });
  });

  it('Location ror-location-exemple: a place without capacities', () => {
    expect(mapLocation(json('ig-built/Location-ror-location-exemple.json'))).toEqual({
      ok: true,
      value: {
        rorId: 'ror-location-exemple',
        capacity: null,
        capacityUnit: null,
        capacities: [],
        residentialCapacities: [],
        equipment: [],
        lastUpdated: '2023-12-20T10:00:00+01:00',
      },
    });
  });
});

describe('the documentation’s Organization bodies (POST, no id)', () => {
  it('refuses a body without id, naming the field', () => {
    expect(mapOrganization(json('docs/extracted/post-organization-1-ej.json'))).toEqual({
      ok: false,
      reason: 'id : identifiant de ressource absent',
    });
  });

  it('1-ej: an entité juridique known by its SIREN only', () => {
    expect(mapOrganization(posted('docs/extracted/post-organization-1-ej.json', '1111'))).toEqual({
      ok: true,
      value: {
        rorId: '1111',
        level: 'EJ',
        partOf: null,
        finess: null,
        name: 'Quiétude',
        categoryCode: null,
        category: null,
        address: '103 rue des Bourguignons, 92270 BOIS-COLOMBES',
        postalCode: '92270',
        city: 'BOIS-COLOMBES',
        departement: '92',
        phone: null,
        email: null,
        active: true,
        lastUpdated: '2023-12-20T10:00:00+01:00',
      },
    });
  });

  it('2-eg: an entité géographique without FINESS is refused', () => {
    expect(mapOrganization(posted('docs/extracted/post-organization-2-eg.json', '3536'))).toEqual({
      ok: false,
      reason: 'identifier (FINESS) : entité géographique sans numéro FINESS',
    });
  });

  it('2-eg with a FINESS added: category, address, département, phone from the contact', () => {
    const eg = posted('docs/extracted/post-organization-2-eg.json', '3536');
    const finess = finessWithKey('92000111');
    (eg.identifier as unknown[]).push({
      type: { coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_G07-TypeIdentifiantStructure', code: '1' }] },
      value: finess,
    });
    expect(mapOrganization(eg)).toEqual({
      ok: true,
      value: {
        rorId: '3536',
        level: 'EG',
        partOf: '1111',
        finess,
        name: 'Quiétude BOIS COLOMBES',
        categoryCode: '460',
        category: 'Service autonomie aide (SAA)',
        address: '45 rue du général Leclerc, 92270 BOIS-COLOMBES',
        postalCode: '92270',
        city: 'BOIS-COLOMBES',
        departement: '92',
        phone: '01.01.01.01.01',
        email: null,
        active: true,
        lastUpdated: '2023-12-20T10:00:00+01:00',
      },
    });
  });

  it.each([
    ['3-pole', 'Pôle Chirurgical B', '3536'],
    ['4-service', 'Tête et Cou', '3537'],
    ['5-unite-fonctionnelle', 'Neurochirurgie', '6963'],
  ])('%s: an organisation interne under %s', (file, name, partOf) => {
    const mapped = mapOrganization(posted(`docs/extracted/post-organization-${file}.json`, 'oi'));
    expect(mapped).toMatchObject({ ok: true, value: { level: 'INTERNAL', name, partOf, finess: null } });
  });

  it('the searchset snippet is not JSON (« ... » elisions): parsing fails cleanly', () => {
    const text = read('docs/extracted/recherche-criteres-principaux-scenario6-searchset-snippet.json.txt');
    expect(text).toContain('...');
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });
});

describe('the IG’s FSH examples (through SUSHI’s importer)', () => {
  it('EJ: its FINESS 458174839 is dummy data with a wrong key: refused, naming the field', () => {
    expect(mapOrganization(fsh('ig-fsh/ROROrganizationExempleEJ.fsh'))).toEqual({
      ok: false,
      reason:
        'identifier (FINESS) : « 458174839 » n’est pas un numéro FINESS valide (9 caractères, clé de contrôle comprise)',
    });
  });

  it('EG: same dummy FINESS, refused', () => {
    expect(mapOrganization(fsh('ig-fsh/ROROrganizationExempleEG.fsh'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('identifier (FINESS) : « 458174839 »'),
    });
  });

  it('EG with its FINESS key corrected: département from the FINESS (45), not the address (92)', () => {
    const eg = fsh('ig-fsh/ROROrganizationExempleEG.fsh');
    const finess = finessWithKey('45817483');
    for (const identifier of eg.identifier as Record<string, unknown>[]) {
      if (identifier.value === '458174839') identifier.value = finess;
    }
    expect(mapOrganization(eg)).toEqual({
      ok: true,
      value: {
        rorId: 'ror-organisation-exemple-eg',
        level: 'EG',
        partOf: '1111',
        finess,
        name: 'Quiétude BOIS COLOMBES',
        categoryCode: '460',
        category: 'Service autonomie aide (SAA)',
        address: '45 rue du général Leclerc',
        postalCode: '92270',
        city: 'BOIS-COLOMBES',
        departement: '45',
        phone: '01.01.01.01.01',
        email: null,
        active: true,
        lastUpdated: '2023-12-20T10:00:00+01:00',
      },
    });
  });

  it('Location exemple 1: installed beds are the capacity (15); available and extra ones are kept', () => {
    expect(mapLocation(fsh('ig-fsh/RORLocationExemple1.fsh'))).toEqual({
      ok: true,
      value: {
        rorId: 'ror-location-exemple-1',
        capacity: 15,
        capacityUnit: 'BEDS',
        capacities: [
          { nature: '01', status: '01', count: 15 },
          { nature: '01', status: '06', count: 0 },
          { nature: '01', status: '02', count: 0 },
          { nature: '01', status: '02', count: 0 },
          { nature: '01', status: '02', count: 3 },
        ],
        residentialCapacities: [],
        equipment: [],
        lastUpdated: '2024-12-05T01:42:39.000+00:00',
      },
    });
  });

  it('HealthcareService exemple: MCO; its specialty and characteristic blocks are lost as SUSHI reads the file', () => {
    // The file indents those blocks by 4 spaces: SUSHI's importer reports « indented too deeply »
    // and lays their rules at the root (specialty, careMode 28 and act 0320 never reach the
    // resource: only empty slice elements are left). The mapping sees what SUSHI sees.
    const resource = fsh('ig-fsh/RORHealthcareServiceExemple.fsh');
    expect(resource.specialty).toEqual([{}]);
    expect(mapHealthcareService(resource)).toEqual({
      ok: true,
      value: {
        rorId: 'ror-healthcareservice-exemple',
        name: 'Hospitalisation complète de Neurochirurgie',
        providedBy: '5958',
        locationIds: ['5253'],
        kind: 'MCO',
        offerType: null,
        activityField: '01',
        operationalActivities: [],
        careModes: [],
        publics: [],
        rorResources: [],
        rorComfortServices: [],
        active: true,
        lastUpdated: '2023-12-20T10:00:00+01:00',
      },
    });
  });

  it('HealthcareService exemple, blocks as the README reads them: care mode 28, act 0320', () => {
    // The same offer with the blocks indented as intended (and `code` beside `coding.system`, as
    // written: a Coding in place of a CodeableConcept, which the mapping tolerates).
    const text = read('ig-fsh/RORHealthcareServiceExemple.fsh').replace(/^ {4}\*/gm, '  *');
    const [resource] = fshInstances(text, 'RORHealthcareServiceExemple.fsh');
    expect(mapHealthcareService(resource)).toMatchObject({
      ok: true,
      value: { kind: 'MCO', operationalActivities: ['183'], careModes: ['28'], rorResources: ['acte:0320'] },
    });
  });

  it('HealthcareService ville: champ d’activité 05 (ville) is no unit of the directory', () => {
    expect(mapHealthcareService(fsh('ig-fsh/RORHealthcareServiceExempleVille.fsh'))).toEqual({
      ok: false,
      reason: 'type : le champ d’activité « 05 » (Ville) ne correspond à aucun type d’unité de l’annuaire',
    });
  });
});
