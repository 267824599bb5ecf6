import { finessWithKey } from '@trajectoire/domain';
import { describe, expect, it } from 'vitest';
import {
  departementOfFiness,
  departementOfPostalCode,
  establishmentRow,
  type LocationRecord,
  mapHealthcareService,
  mapLocation,
  mapOrganization,
  type OrganizationRecord,
  resolveEstablishment,
  type ServiceRecord,
  unitRow,
} from './index';

const NOS = 'https://mos.esante.gouv.fr/NOS';
const cc = (tre: string, code: string, display?: string) => ({
  coding: [{ system: `${NOS}/${tre}/FHIR/${tre.replace('_', '-')}`, code, ...(display ? { display } : {}) }],
});

function eg(changes: Record<string, unknown> = {}) {
  return {
    resourceType: 'Organization',
    id: 'eg-1',
    meta: { lastUpdated: '2026-01-02T03:04:05Z' },
    identifier: [{ type: cc('TRE_G07-TypeIdentifiantStructure', '1'), value: finessWithKey('2A000123') }],
    type: [cc('TRE_R66-CategorieEtablissement', '355')],
    name: 'Centre hospitalier de Porto-Vecchio',
    address: [{ line: ['1 route de Bastia'], postalCode: '20137', city: 'Porto-Vecchio' }],
    telecom: [
      { system: 'phone', value: '+33495000000' },
      { system: 'email', value: 'contact@ch.demo' },
    ],
    partOf: { reference: 'Organization/ej-1' },
    ...changes,
  };
}

function service(changes: Record<string, unknown> = {}) {
  return {
    resourceType: 'HealthcareService',
    id: 'hs-1',
    name: 'Soins palliatifs',
    providedBy: { reference: 'Organization/uf-1' },
    location: [{ reference: 'Location/loc-1' }],
    type: [cc('TRE_R227-ChampActivite', '01')],
    category: [cc('TRE_R244-CategorieOrganisation', '175')],
    specialty: [cc('TRE_R211-ActiviteOperationnelle', '141')],
    characteristic: [
      cc('TRE_R213-ModePriseEnCharge', '28'),
      cc('TRE_R239-PublicPrisEnCharge', '2'),
      {
        coding: [{ system: `${NOS}/TRE_R210-ActeSpecifique`, code: '0105' }],
        extension: [{ url: 'https://x/ror-act-type', valueCode: 'specificAct' }],
      },
      {
        coding: [{ system: `${NOS}/TRE_R210-ActeSpecifique`, code: '0999' }],
        extension: [{ url: 'https://x/ror-act-type', valueCode: 'outsideOfficeAct' }],
      },
      cc('TRE_R999-Inconnu', 'zz'),
    ],
    ...changes,
  };
}

const SUPPORTED = 'https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location-supported-capacity';
const capacity = (count: unknown, status: string, nature: string, temporality = '01') => ({
  url: SUPPORTED,
  extension: [
    { url: 'nbCapacity', valueInteger: count },
    { url: 'capacityStatus', valueCodeableConcept: cc('TRE_R330-TypeStatutCapacite', status) },
    { url: 'capacityType', valueCodeableConcept: cc('TRE_R329-NatureCapacite', nature) },
    { url: 'temporalityCapacity', valueCodeableConcept: cc('TRE_R331-TemporaliteCapacite', temporality) },
  ],
});

describe('mapOrganization', () => {
  it('an EG in Corsica: FINESS 2A…, category label from TRE_R66, département 2A', () => {
    const mapped = mapOrganization(eg());
    expect(mapped).toMatchObject({
      ok: true,
      value: {
        level: 'EG',
        finess: finessWithKey('2A000123'),
        category: 'Centre hospitalier',
        categoryCode: '355',
        departement: '2A',
        partOf: 'ej-1',
        phone: '+33495000000',
        email: 'contact@ch.demo',
      },
    });
  });

  it('overseas FINESS take three digits; spaces and lower case in a FINESS are forgiven', () => {
    const finess = finessWithKey('97400012');
    const mapped = mapOrganization(
      eg({
        identifier: [{ system: 'http://finess.esante.gouv.fr', value: ` ${finess.slice(0, 3)} ${finess.slice(3)}` }],
      }),
    );
    expect(mapped).toMatchObject({ ok: true, value: { finess, departement: '974' } });
  });

  it('refuses a FINESS with a wrong key, or of the wrong length, naming the field', () => {
    const good = finessWithKey('69000025');
    const wrongKey = good.slice(0, 8) + String((Number(good[8]) + 1) % 10);
    for (const value of [wrongKey, '6900002', '69000025512']) {
      const mapped = mapOrganization(
        eg({ identifier: [{ type: cc('TRE_G07-TypeIdentifiantStructure', '1'), value }] }),
      );
      expect(mapped).toEqual({
        ok: false,
        reason: `identifier (FINESS) : « ${value} » n’est pas un numéro FINESS valide (9 caractères, clé de contrôle comprise)`,
      });
    }
  });

  it('an idNatSt « 1 » + FINESS stands for a missing FINESS identifier', () => {
    const finess = finessWithKey('38078001');
    const mapped = mapOrganization(
      eg({ identifier: [{ type: cc('TRE_G07-TypeIdentifiantStructure', '40'), value: `1${finess}` }] }),
    );
    expect(mapped).toMatchObject({ ok: true, value: { finess, departement: '38' } });
  });

  it('unknown category codes keep the display, or the code', () => {
    expect(mapOrganization(eg({ type: [cc('TRE_R66-CategorieEtablissement', '999', 'Autre chose')] }))).toMatchObject({
      value: { category: 'Autre chose', categoryCode: '999' },
    });
    expect(mapOrganization(eg({ type: [cc('TRE_R66-CategorieEtablissement', '999')] }))).toMatchObject({
      value: { category: '999' },
    });
  });

  it('département from the postal code when the FINESS gives none (Corsica 201xx → 2A, 202xx → 2B)', () => {
    expect(departementOfPostalCode('20137')).toBe('2A');
    expect(departementOfPostalCode('20250')).toBe('2B');
    expect(departementOfPostalCode('97139')).toBe('971');
    expect(departementOfPostalCode('75013')).toBe('75');
    expect(departementOfPostalCode('99999')).toBeNull();
    expect(departementOfFiness('2B0001234')).toBe('2B');
    expect(departementOfFiness('976000123')).toBe('976');
    expect(departementOfFiness('000000000')).toBeNull();
  });

  it('address parts from the ISO 21090 extensions when the line is empty; phone from a contact', () => {
    const mapped = mapOrganization(
      eg({
        telecom: undefined,
        contact: [{ telecom: [{ system: 'phone', value: '04 00 00 00 00' }] }],
        address: {
          _line: [
            {
              extension: [
                { url: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-houseNumber', valueString: '7' },
                { url: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetNameType', valueString: 'rue' },
                { url: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetNameBase', valueString: 'Pasteur' },
              ],
            },
          ],
          postalCode: '20137',
        },
      }),
    );
    expect(mapped).toMatchObject({
      ok: true,
      value: { address: '7 rue Pasteur', phone: '04 00 00 00 00', email: null },
    });
  });

  it('levels: R207 types are internal, no partOf nor category is an EJ; inactive kept', () => {
    const uf = {
      resourceType: 'Organization',
      id: 'uf',
      name: 'UF',
      type: [cc('TRE_R207-TypeOrganisationInterne', '3')],
      partOf: { reference: 'Organization/eg-1' },
    };
    expect(mapOrganization(uf)).toMatchObject({ ok: true, value: { level: 'INTERNAL', partOf: 'eg-1' } });
    const ej = { resourceType: 'Organization', id: 'ej', name: 'EJ', active: false };
    expect(mapOrganization(ej)).toMatchObject({ ok: true, value: { level: 'EJ', active: false, finess: null } });
  });

  it('never trusts the input: wrong shapes give reasons, not exceptions', () => {
    const cases: [unknown, string][] = [
      [null, 'ressource : un objet JSON Organization est attendu'],
      ['{}', 'ressource : un objet JSON Organization est attendu'],
      [{ resourceType: 'Patient', id: 'p' }, 'resourceType : « Patient » au lieu de « Organization »'],
      [{ resourceType: 'Organization', id: 'a/b', name: 'x' }, 'id : identifiant de ressource invalide « a/b »'],
      [{ resourceType: 'Organization', id: 'a', name: 42 }, 'name : nom de l’organisation absent'],
      [
        { resourceType: 'Organization', id: 'a', name: 'x', partOf: { reference: 'Location/1' } },
        'partOf : référence à une Organization illisible « Location/1 »',
      ],
      [eg({ identifier: 'nope' }), 'identifier (FINESS) : entité géographique sans numéro FINESS'],
    ];
    for (const [input, reason] of cases) expect(mapOrganization(input)).toEqual({ ok: false, reason });
    expect(mapOrganization(eg({ type: 7, telecom: [null, 3, { system: 'phone' }], address: 'x' }))).toMatchObject({
      ok: true,
    });
  });
});

describe('mapHealthcareService', () => {
  it('kind from the type d’offre; care modes, publics, acts (not those outside the office); unknown codes kept', () => {
    expect(mapHealthcareService(service())).toEqual({
      ok: true,
      value: {
        rorId: 'hs-1',
        name: 'Soins palliatifs',
        providedBy: 'uf-1',
        locationIds: ['loc-1'],
        kind: 'SOINS_PALLIATIFS',
        offerType: '175',
        activityField: '01',
        operationalActivities: ['141'],
        careModes: ['28'],
        publics: ['2'],
        rorResources: ['acte:0105'],
        rorComfortServices: [],
        active: true,
        lastUpdated: null,
      },
    });
  });

  it.each([
    [{ category: [cc('TRE_R244-CategorieOrganisation', '249')] }, 'USLD'],
    [{ category: undefined, characteristic: [cc('TRE_R213-ModePriseEnCharge', '31')] }, 'HAD'],
    [{ category: [cc('TRE_R244-CategorieOrganisation', '130')] }, 'HAD'],
    [{ category: [cc('TRE_R244-CategorieOrganisation', '21')], type: [cc('TRE_R227-ChampActivite', '04')] }, 'EHPAD'],
    [{ category: [cc('TRE_R244-CategorieOrganisation', '100')], type: [cc('TRE_R227-ChampActivite', '02')] }, 'SMR'],
    [{ category: undefined, type: [cc('TRE_R227-ChampActivite', '03')] }, 'PSYCHIATRIE'],
    [{ category: [cc('TRE_R244-CategorieOrganisation', '8888')] }, 'MCO'],
  ])('%j → %s', (changes, kind) => {
    expect(mapHealthcareService(service(changes))).toMatchObject({ ok: true, value: { kind } });
  });

  it('refuses what gives no kind, or misses what it needs, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: undefined }, 'type : champ d’activité (TRE_R227) absent'],
      [{ type: [cc('TRE_R227-ChampActivite', '77')] }, 'type : champ d’activité (TRE_R227) inconnu « 77 »'],
      [
        {
          type: [cc('TRE_R227-ChampActivite', '04')],
          category: [cc('TRE_R244-CategorieOrganisation', '40')],
          characteristic: [],
        },
        'type : le champ d’activité « 04 » (Médico-social) avec le type d’offre « 40 » (category) ne correspond à aucun type d’unité de l’annuaire',
      ],
      [{ providedBy: undefined }, 'providedBy : organisation qui porte l’offre absente'],
      [
        { providedBy: { reference: 'Location/x' } },
        'providedBy : référence à une Organization illisible « Location/x »',
      ],
      [{ name: '  ' }, 'name : nom de l’offre absent'],
    ];
    for (const [changes, reason] of cases)
      expect(mapHealthcareService(service(changes))).toEqual({ ok: false, reason });
  });

  it('reads absolute and versioned references', () => {
    const mapped = mapHealthcareService(
      service({
        providedBy: { reference: 'https://ror.example/fhir/Organization/uf-9/_history/3' },
        location: { reference: 'https://ror.example/fhir/Location/l-2' },
      }),
    );
    expect(mapped).toMatchObject({ ok: true, value: { providedBy: 'uf-9', locationIds: ['l-2'] } });
  });
});

describe('mapLocation', () => {
  it('capacity = installed current places; other statuses and forecasts kept but not counted', () => {
    const mapped = mapLocation({
      resourceType: 'Location',
      id: 'loc-1',
      extension: [
        capacity(40, '01', '02'),
        capacity(20, '01', '02'),
        capacity(5, '02', '02'),
        capacity(9, '01', '02', '02'),
        {
          url: 'https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location-equipment',
          extension: [{ url: 'equipmentType', valueCodeableConcept: { coding: [{ code: 'E12' }] } }],
        },
        {
          url: 'https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/ror-location-residential-capacity',
          extension: [
            { url: 'residentialType', valueCodeableConcept: { coding: [{ code: '03' }] } },
            { url: 'residentialNumber', valueInteger: 12 },
          ],
        },
      ],
    });
    expect(mapped).toMatchObject({
      ok: true,
      value: {
        capacity: 60,
        capacityUnit: 'PLACES',
        equipment: ['E12'],
        residentialCapacities: [{ type: '03', count: 12 }],
      },
    });
    expect((mapped as { value: LocationRecord }).value.capacities).toHaveLength(4);
  });

  it('refuses a capacity that is no count', () => {
    expect(mapLocation({ resourceType: 'Location', id: 'l', extension: [capacity('12', '01', '01')] })).toEqual({
      ok: false,
      reason: 'extension ror-location-supported-capacity.nbCapacity : « 12 » n’est pas un entier positif',
    });
    expect(mapLocation({ resourceType: 'Location', id: 'l', extension: [capacity(-1, '01', '01')] })).toMatchObject({
      ok: false,
    });
  });
});

describe('resolveEstablishment', () => {
  const org = (rorId: string, level: OrganizationRecord['level'], partOf: string | null): OrganizationRecord => ({
    rorId,
    level,
    partOf,
    finess: null,
    name: rorId,
    categoryCode: null,
    category: null,
    address: null,
    postalCode: null,
    city: null,
    departement: null,
    phone: null,
    email: null,
    active: true,
    lastUpdated: null,
  });
  const lookupOf = (...orgs: OrganizationRecord[]) => {
    const byId = new Map(orgs.map((o) => [o.rorId, o]));
    return (id: string) => byId.get(id);
  };

  it('climbs UF → service → pôle → EG, and finds the EJ above', () => {
    const lookup = lookupOf(
      org('uf', 'INTERNAL', 'svc'),
      org('svc', 'INTERNAL', 'pole'),
      org('pole', 'INTERNAL', 'eg'),
      org('eg', 'EG', 'ej'),
      org('ej', 'EJ', null),
    );
    expect(resolveEstablishment('uf', lookup)).toMatchObject({
      ok: true,
      value: { establishment: { rorId: 'eg' }, legalEntity: { rorId: 'ej' } },
    });
  });

  it('an EG whose EJ is unknown still resolves, without legal entity', () => {
    expect(resolveEstablishment('eg', lookupOf(org('eg', 'EG', 'ej')))).toMatchObject({
      ok: true,
      value: { establishment: { rorId: 'eg' }, legalEntity: null },
    });
  });

  it('a broken chain, a cycle, an orphan OI, a chain to an EJ without EG: errors', () => {
    expect(resolveEstablishment('x', lookupOf())).toEqual({
      ok: false,
      reason: 'partOf : organisation « x » introuvable',
    });
    expect(resolveEstablishment('uf', lookupOf(org('uf', 'INTERNAL', 'gone')))).toEqual({
      ok: false,
      reason: 'partOf : organisation « gone » introuvable (chaîne rompue après « uf »)',
    });
    expect(resolveEstablishment('a', lookupOf(org('a', 'INTERNAL', 'b'), org('b', 'INTERNAL', 'a')))).toEqual({
      ok: false,
      reason: 'partOf : la chaîne des organisations boucle (a → b → a)',
    });
    expect(resolveEstablishment('a', lookupOf(org('a', 'INTERNAL', null)))).toEqual({
      ok: false,
      reason: 'partOf : l’organisation interne « a » n’est rattachée à aucune entité géographique',
    });
    expect(resolveEstablishment('a', lookupOf(org('a', 'INTERNAL', 'ej'), org('ej', 'EJ', null)))).toEqual({
      ok: false,
      reason: 'partOf : la chaîne depuis « a » atteint l’entité juridique « ej » sans entité géographique',
    });
  });
});

describe('rows', () => {
  it('establishmentRow: the EG with its EJ; refuses what is no EG', () => {
    const mappedEg = mapOrganization(eg());
    if (!mappedEg.ok) throw new Error(mappedEg.reason);
    const ej = {
      ...mappedEg.value,
      rorId: 'ej-1',
      level: 'EJ' as const,
      name: 'GHT',
      finess: finessWithKey('2A000001'),
    };
    expect(establishmentRow(mappedEg.value, ej)).toMatchObject({
      rorId: 'eg-1',
      legalEntityFiness: finessWithKey('2A000001'),
      legalEntityName: 'GHT',
      category: 'Centre hospitalier',
      departement: '2A',
      rorLastUpdated: '2026-01-02T03:04:05Z',
    });
    expect(() => establishmentRow(ej, null)).toThrow(TypeError);
  });

  it('keeps a lastUpdated only when it is an instant Postgres takes', () => {
    const at = (lastUpdated: unknown) => {
      const mapped = mapHealthcareService(service({ meta: { lastUpdated } }));
      if (!mapped.ok) throw new Error(mapped.reason);
      return mapped.value.lastUpdated;
    };
    expect(at('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05Z');
    expect(at('2026-01-02T03:04:05.123+01:00')).toBe('2026-01-02T03:04:05.123+01:00');
    expect(at('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00Z');
    expect(at('2000-02-29T23:59:59-15:59')).toBe('2000-02-29T23:59:59-15:59');
    expect(at('2026-12-31T24:00:00+14:00')).toBe('2026-12-31T24:00:00+14:00');
    for (const wrong of [
      '1900-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-00-01T00:00:00Z',
      '2026-01-01T24:00:01Z',
      '2026-01-01T00:60:00Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:00+16:00',
      '2026-01-01T00:00:00-01:60',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T25:00:00Z',
      '0000-01-01T00:00:00Z',
      '2026-01-02',
      '2026-01-02T03:04:05',
      'hier',
      20260102,
      null,
    ]) {
      expect(at(wrong)).toBeNull();
    }
  });

  it('unitRow: the service with its place’s capacity and equipment, the later lastUpdated', () => {
    const mapped = mapHealthcareService(service({ meta: { lastUpdated: '2026-01-01T00:00:00Z' } }));
    if (!mapped.ok) throw new Error(mapped.reason);
    const location: LocationRecord = {
      rorId: 'loc-1',
      capacity: 12,
      capacityUnit: 'BEDS',
      capacities: [{ nature: '01', status: '01', count: 12 }],
      residentialCapacities: [],
      equipment: ['E1'],
      lastUpdated: '2026-02-01T00:00:00Z',
    };
    const row = unitRow(mapped.value as ServiceRecord, location);
    expect(row).toMatchObject({
      rorId: 'hs-1',
      rorLocationId: 'loc-1',
      kind: 'SOINS_PALLIATIFS',
      capacity: 12,
      capacityUnit: 'BEDS',
      rorResources: ['acte:0105', 'equipement:E1'],
      rorLastUpdated: '2026-02-01T00:00:00Z',
    });
    expect(mapped.value.rorResources).toEqual(['acte:0105']);
    expect(unitRow(mapped.value, null)).toMatchObject({
      capacity: null,
      capacityUnit: null,
      capacities: [],
      rorLocationId: null,
    });
  });
});
