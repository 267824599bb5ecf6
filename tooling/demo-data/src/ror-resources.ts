import type {
  CodeableConcept,
  Coding,
  Extension,
  HealthcareService,
  Identifier,
  Location,
  Meta,
  Organization,
} from '@medplum/fhirtypes';
import {
  type Directory,
  type DirectoryEstablishment,
  type DirectoryUnit,
  generateDirectory,
  type UnitKind,
} from './dataset';

/**
 * The demo directory as the ROR publishes it: FHIR R4 resources of the ANS « ROR » guide
 * (profiles ror-organization, ror-healthcareservice, ror-location), with the ids of the team's
 * contract (the root README's local ROR section):
 *
 * - EJ (entité juridique) `ej-<legalEntity.finess>`, once per legal entity;
 * - EG (entité géographique) `eg-<establishment.key>`, partOf → EJ;
 * - a pôle `pole-<establishment.key>` for every 5th establishment (index 0, 5, 10…: the CHU de
 *   Lyon has one), partOf → EG;
 * - per unit: UF `uf-<unit.key>` (partOf → pôle or EG), HealthcareService `<unit.key>`
 *   (providedBy → UF, location → Location), Location `loc-<unit.key>` (capacities).
 *
 * Nothing is held but the directory and small indexes: every resource is built when asked for,
 * so 100,000 units are served without keeping 300,000 objects. An overlay (changes, deletions,
 * inactivations made through the local ROR's admin endpoint) is applied on the fly.
 */

export type RorResource = Organization | HealthcareService | Location;
export type RorResourceType = RorResource['resourceType'];

// ─── Code systems and URLs (as in ../shared/ror-examples) ────────────────────

const NOS = 'https://mos.esante.gouv.fr/NOS';
const nos = (name: string) => `${NOS}/${name}/FHIR/${name.replace('_', '-')}`;
const SD = 'https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition';

export const ROR_PROFILES = {
  organization: `${SD}/ror-organization`,
  healthcareService: `${SD}/ror-healthcareservice`,
  location: `${SD}/ror-location`,
} as const;

export const ROR_EXTENSIONS = {
  creationDate: `${SD}/ror-meta-creation-date`,
  sensitiveUnit: `${SD}/ror-healthcareservice-sensitive-unit`,
  patientType: `${SD}/ror-healthcareservice-patient-type`,
  actType: `${SD}/ror-act-type`,
  supportedCapacity: `${SD}/ror-location-supported-capacity`,
  communeCog: `${SD}/ror-commune-cog`,
} as const;

export const ROR_SYSTEMS = {
  identifierType: nos('TRE_G07-TypeIdentifiantStructure'),
  idNatSt: 'urn:oid:1.2.250.1.71.4.2.2',
  finess: 'https://finess.esante.gouv.fr',
  otherIdentifierType: nos('TRE_R345-TypeIdentifiantAutre'),
  internalOrganization: 'https://oi.esante.gouv.fr',
  offerIdentifierType: nos('TRE_R355-TypeIdentifiantOffre'),
  locationIdentifierType: nos('TRE_R354-TypeIdentifiantRessourceOperationnelle'),
  establishmentCategory: nos('TRE_R66-CategorieEtablissement'),
  internalOrganizationType: nos('TRE_R207-TypeOrganisationInterne'),
  activityField: nos('TRE_R227-ChampActivite'),
  offerType: nos('TRE_R244-CategorieOrganisation'),
  operationalActivity: nos('TRE_R211-ActiviteOperationnelle'),
  careMode: nos('TRE_R213-ModePriseEnCharge'),
  public: nos('TRE_R239-PublicPrisEnCharge'),
  specificAct: nos('TRE_R210-ActeSpecifique'),
  placeFunction: nos('TRE_R343-FonctionLieu'),
  capacityStatus: nos('TRE_R330-TypeStatutCapacite'),
  capacityNature: nos('TRE_R329-NatureCapacite'),
  capacityTemporality: nos('TRE_R331-TemporaliteCapacite'),
  capacitySource: nos('TRE_R335-TypeSourceCapacite'),
  temporaryAssignment: nos('TRE_R337-AffectationTemporaire'),
} as const;

type Code = readonly [code: string, display: string];

/**
 * TRE_R66 catégorie d'établissement per category of the dataset (the display is the dataset's
 * label, so the directory reads back what the demo seed wrote).
 */
export const CATEGORY_CODES: Readonly<Record<string, string>> = {
  'Centre hospitalier régional': '101',
  'Centre hospitalier': '355',
  Clinique: '365',
  'Établissement de SMR': '109',
  'Hospitalisation à domicile': '127',
  EHPAD: '500',
  'Établissement de santé mentale': '292',
};

/**
 * What a unit of each kind is offered as. Champ d'activité (TRE_R227: 01 MCO, 02 SMR, 03 PSY,
 * 04 médico-social) and mode de prise en charge (TRE_R213: 28 hospitalisation complète, 31 HAD,
 * 46 hébergement) are the NOS codes; the type d'offre (TRE_R244) and public (TRE_R239) codes are
 * the demo's picks. A mapper tells the kinds apart by: HAD → care mode 31; EHPAD → field 04;
 * SMR → field 02; PSYCHIATRIE → field 03; SOINS_PALLIATIFS and USLD → field 01 with their
 * offer type; MCO → field 01 otherwise.
 */
export const KIND_CODES: Readonly<
  Record<UnitKind, { activityField: Code; offerType: Code; careMode: Code; publics: readonly Code[] }>
> = {
  MCO: {
    activityField: ['01', 'Médecine Chirurgie Obstétrique (MCO)'],
    offerType: ['152', 'Unité hospitalière de médecine'],
    careMode: ['28', 'Hospitalisation complète (HC)'],
    publics: [['2', 'Adultes']],
  },
  SMR: {
    activityField: ['02', 'Soins Médicaux et de réadaptation (SMR)'],
    offerType: ['170', 'Unité de soins médicaux et de réadaptation'],
    careMode: ['28', 'Hospitalisation complète (HC)'],
    publics: [['2', 'Adultes']],
  },
  HAD: {
    activityField: ['01', 'Médecine Chirurgie Obstétrique (MCO)'],
    offerType: ['165', "Unité d'hospitalisation à domicile"],
    careMode: ['31', 'Hospitalisation à domicile (HAD)'],
    publics: [['2', 'Adultes']],
  },
  SOINS_PALLIATIFS: {
    activityField: ['01', 'Médecine Chirurgie Obstétrique (MCO)'],
    offerType: ['175', 'Unité de soins palliatifs (USP)'],
    careMode: ['28', 'Hospitalisation complète (HC)'],
    publics: [
      ['2', 'Adultes'],
      ['3', 'Personnes âgées'],
    ],
  },
  PSYCHIATRIE: {
    activityField: ['03', 'Psychiatrie (PSY)'],
    offerType: ['176', 'Unité de psychiatrie'],
    careMode: ['28', 'Hospitalisation complète (HC)'],
    publics: [['2', 'Adultes']],
  },
  EHPAD: {
    activityField: ['04', 'Médico-social (MS)'],
    offerType: ['21', 'Hébergement pour personnes âgées dépendantes (EHPAD)'],
    careMode: ['46', 'Hébergement (accueil jour et nuit)'],
    publics: [['3', 'Personnes âgées']],
  },
  USLD: {
    activityField: ['01', 'Médecine Chirurgie Obstétrique (MCO)'],
    offerType: ['249', 'Unité de soins de longue durée (USLD)'],
    careMode: ['28', 'Hospitalisation complète (HC)'],
    publics: [['3', 'Personnes âgées']],
  },
};

/** Actes spécifiques (TRE_R210) some units declare, as technical care. */
const SPECIFIC_ACTS: readonly Code[] = [
  ['0320', 'Neuromodulation sacrée'],
  ['0105', 'Oxygénothérapie'],
  ['0113', 'Nutrition parentérale'],
  ['0187', 'Soins de trachéotomie'],
  ['0221', 'Pansements complexes'],
  ['0250', 'Chimiothérapie'],
];

/** TRE_R329 nature de capacité: beds or places. */
export const CAPACITY_NATURES = { BEDS: ['01', 'Lit'], PLACES: ['02', 'Place'] } as const satisfies Record<
  string,
  Code
>;
export const CAPACITY_STATUS_INSTALLED: Code = ['01', 'Installé'];
export const CAPACITY_STATUS_AVAILABLE: Code = ['02', 'Disponible'];

const coding = (system: string, [code, display]: Code): Coding => ({ system, code, display });
const concept = (system: string, code: Code): CodeableConcept => ({ coding: [coding(system, code)] });
const reference = (type: string, id: string) => ({ reference: `${type}/${id}` });

// ─── Stable pseudo-random numbers and dates ─────────────────────────────────

/** FNV-1a: the same number for the same text on every machine. */
export function hashOf(text: string): number {
  return fnv1a(0x811c9dc5, text) >>> 0;
}

/** FNV-1a's state after `text`, from `state`: hashOf(a + b) is fnv1a(fnv1a(seed, a), b) >>> 0. */
function fnv1a(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Every generated resource was last updated in 2025 (before any change the admin endpoint makes). */
const BASE_FROM = Date.UTC(2025, 0, 1);
const BASE_SPAN_SECONDS = 365 * 86_400;
const CREATED_FROM = Date.UTC(2019, 0, 1);

const LAST_UPDATED_SEED = fnv1a(0x811c9dc5, 'lu:');

/** The generated (unchanged) lastUpdated of a resource, in ms since the epoch. */
export function baseLastUpdatedMs(id: string): number {
  // hashOf(`lu:${id}`), without building that string (the local ROR dates every resource at start).
  return BASE_FROM + ((fnv1a(LAST_UPDATED_SEED, id) >>> 0) % BASE_SPAN_SECONDS) * 1000;
}

function creationDate(id: string): string {
  return new Date(CREATED_FROM + (hashOf(`cr:${id}`) % (5 * 365)) * 86_400_000).toISOString();
}

// ─── The overlay: what the admin endpoint changed ────────────────────────────

/** A change to one generated resource; `lastUpdated` is an ISO instant. */
export interface ResourcePatch {
  lastUpdated: string;
  versionId: number;
  deleted?: boolean;
  /** false: inactivated (Organization/HealthcareService active=false, Location status inactive). */
  active?: boolean;
  name?: string;
  capacity?: number;
}

/** Keyed by `<resourceType>/<id>`. */
export type Overlay = ReadonlyMap<string, ResourcePatch>;

// ─── The resources ───────────────────────────────────────────────────────────

export interface UnitRef {
  establishment: DirectoryEstablishment;
  /** Index of the establishment in the directory. */
  establishmentIndex: number;
  unit: DirectoryUnit;
  /** Index of the unit within its establishment. */
  unitIndex: number;
}

export interface FhirResources {
  readonly directory: Directory;
  readonly counts: {
    establishments: number;
    legalEntities: number;
    poles: number;
    units: number;
    organizations: number;
    healthcareServices: number;
    locations: number;
  };
  /** EJ (first time met), EG, pôle, then the UFs, establishment by establishment. Deleted ones skipped. */
  organizations(): Generator<Organization>;
  healthcareServices(): Generator<HealthcareService>;
  locations(): Generator<Location>;
  /** Organizations, then HealthcareServices, then Locations. */
  all(): Generator<RorResource>;
  /** One resource by type and id; undefined when unknown or deleted. */
  read(type: RorResourceType, id: string): RorResource | undefined;
  /** The type of a generated id (deleted or not), or undefined. */
  typeOf(id: string): RorResourceType | undefined;
  /** Whether it exists and is not deleted. */
  exists(type: RorResourceType, id: string): boolean;
  /** lastUpdated in ms of an existing resource (overlay applied), without building it. */
  lastUpdatedMs(type: RorResourceType, id: string): number;
  /** Units in dataset order (with their establishment). */
  unitCount: number;
  unitAt(index: number): UnitRef;
  unitIndexOf(key: string): number | undefined;
  /** The organisation id a unit's service is provided by, and its parent chain up to the EJ. */
  parentOf(organizationId: string): string | undefined;
  /** Children (partOf → this id) of an organisation, in dataset order. */
  childrenOf(organizationId: string): string[];
  /** Organisation ids whose identifier (FINESS or idNatSt) has this value. */
  organizationsByIdentifier(value: string): string[];
  /** Every organisation id, in export order (deleted ones included). */
  organizationIds(): Generator<string>;
}

export interface FhirResourcesOptions {
  overlay?: Overlay;
}

/** Every 5th establishment (0, 5, 10…) has a pôle between its UFs and itself. */
export function hasPole(establishmentIndex: number): boolean {
  return establishmentIndex % 5 === 0;
}

const EMPTY_OVERLAY: Overlay = new Map();

/**
 * The ROR's view of the directory. Cheap to call: it indexes keys (a few MB for 100,000 units)
 * and builds each resource only when asked.
 */
export function fhirResources(directory: Directory, options: FhirResourcesOptions = {}): FhirResources {
  const overlay = options.overlay ?? EMPTY_OVERLAY;
  const establishments = directory.establishments;

  // Indexes: unit position, establishment by key, legal entity → its establishments.
  let unitCount = 0;
  for (const e of establishments) unitCount += e.units.length;
  const unitEstablishment = new Int32Array(unitCount);
  const unitPosition = new Int32Array(unitCount);
  const unitByKey = new Map<string, number>();
  const establishmentByKey = new Map<string, number>();
  const legalEntityEstablishments = new Map<string, number[]>();
  const finessIndex = new Map<string, string[]>();
  const addIdentifier = (value: string, id: string) => {
    const ids = finessIndex.get(value);
    if (ids) ids.push(id);
    else finessIndex.set(value, [id]);
  };
  {
    let u = 0;
    establishments.forEach((e, i) => {
      establishmentByKey.set(e.key, i);
      const entity = legalEntityEstablishments.get(e.legalEntity.finess);
      if (entity) entity.push(i);
      else {
        legalEntityEstablishments.set(e.legalEntity.finess, [i]);
        addIdentifier(e.legalEntity.finess, `ej-${e.legalEntity.finess}`);
        addIdentifier(`1${e.legalEntity.finess}`, `ej-${e.legalEntity.finess}`);
      }
      addIdentifier(e.finess, `eg-${e.key}`);
      addIdentifier(`1${e.finess}`, `eg-${e.key}`);
      e.units.forEach((unit, j) => {
        unitEstablishment[u] = i;
        unitPosition[u] = j;
        unitByKey.set(unit.key, u);
        u++;
      });
    });
  }
  let poles = 0;
  for (let i = 0; i < establishments.length; i++) if (hasPole(i)) poles++;

  const unitAt = (index: number): UnitRef => {
    const establishmentIndex = unitEstablishment[index] as number;
    const unitIndex = unitPosition[index] as number;
    const establishment = establishments[establishmentIndex] as DirectoryEstablishment;
    return { establishment, establishmentIndex, unit: establishment.units[unitIndex] as DirectoryUnit, unitIndex };
  };

  const patchOf = (type: RorResourceType, id: string) => overlay.get(`${type}/${id}`);

  const meta = (type: RorResourceType, id: string, profile: string): Meta => {
    const patch = patchOf(type, id);
    return {
      versionId: String(patch?.versionId ?? 1),
      lastUpdated: patch?.lastUpdated ?? new Date(baseLastUpdatedMs(id)).toISOString(),
      profile: [profile],
    };
  };
  const created = (id: string): Extension => ({ url: ROR_EXTENSIONS.creationDate, valueDateTime: creationDate(id) });
  const structureIdentifiers = (finess: string): Identifier[] => [
    {
      use: 'official',
      type: concept(ROR_SYSTEMS.identifierType, ['40', 'Identifiant national de structure']),
      system: ROR_SYSTEMS.idNatSt,
      value: `1${finess}`,
    },
    { type: concept(ROR_SYSTEMS.identifierType, ['1', 'FINESS']), system: ROR_SYSTEMS.finess, value: finess },
  ];
  const internalIdentifier = (id: string): Identifier[] => [
    {
      type: concept(ROR_SYSTEMS.otherIdentifierType, [
        '42',
        "Identifiant fonctionnel de l'OI connu par l'instance ROR",
      ]),
      system: ROR_SYSTEMS.internalOrganization,
      value: id,
    },
  ];
  const active = (type: RorResourceType, id: string) => patchOf(type, id)?.active ?? true;

  const legalEntity = (e: DirectoryEstablishment): Organization => {
    const id = `ej-${e.legalEntity.finess}`;
    return {
      resourceType: 'Organization',
      id,
      meta: meta('Organization', id, ROR_PROFILES.organization),
      extension: [created(id)],
      identifier: structureIdentifiers(e.legalEntity.finess),
      active: active('Organization', id),
      name: patchOf('Organization', id)?.name ?? e.legalEntity.name,
    };
  };

  const geographic = (e: DirectoryEstablishment): Organization => {
    const id = `eg-${e.key}`;
    const category = CATEGORY_CODES[e.category] ?? '365';
    return {
      resourceType: 'Organization',
      id,
      meta: meta('Organization', id, ROR_PROFILES.organization),
      extension: [created(id)],
      identifier: structureIdentifiers(e.finess),
      active: active('Organization', id),
      type: [concept(ROR_SYSTEMS.establishmentCategory, [category, e.category])],
      name: patchOf('Organization', id)?.name ?? e.name,
      telecom: [
        { system: 'phone', value: e.phone },
        { system: 'email', value: e.email },
      ],
      address: [
        { use: 'work', type: 'both', line: [e.address], postalCode: e.postalCode, city: e.city, country: 'FRA' },
      ],
      partOf: reference('Organization', `ej-${e.legalEntity.finess}`),
    };
  };

  const pole = (e: DirectoryEstablishment): Organization => {
    const id = `pole-${e.key}`;
    return {
      resourceType: 'Organization',
      id,
      meta: meta('Organization', id, ROR_PROFILES.organization),
      extension: [created(id)],
      identifier: internalIdentifier(id),
      active: active('Organization', id),
      type: [concept(ROR_SYSTEMS.internalOrganizationType, ['1', 'Pôle'])],
      name: patchOf('Organization', id)?.name ?? 'Pôle médical',
      partOf: reference('Organization', `eg-${e.key}`),
    };
  };

  const functionalUnit = (ref: UnitRef): Organization => {
    const id = `uf-${ref.unit.key}`;
    return {
      resourceType: 'Organization',
      id,
      meta: meta('Organization', id, ROR_PROFILES.organization),
      extension: [created(id)],
      identifier: internalIdentifier(id),
      active: active('Organization', id),
      type: [concept(ROR_SYSTEMS.internalOrganizationType, ['3', 'Unité fonctionnelle'])],
      name: patchOf('Organization', id)?.name ?? ref.unit.name,
      partOf: reference(
        'Organization',
        hasPole(ref.establishmentIndex) ? `pole-${ref.establishment.key}` : `eg-${ref.establishment.key}`,
      ),
    };
  };

  /** A number per unit for the ROR's functional identifiers (département / number). */
  const functionalNumber = (ref: UnitRef, offset: number) =>
    `${ref.establishment.departement}/${String((hashOf(ref.unit.key) % 9_000_000) + offset).padStart(7, '0')}`;

  const healthcareService = (ref: UnitRef): HealthcareService => {
    const id = ref.unit.key;
    const patch = patchOf('HealthcareService', id);
    const codes = KIND_CODES[ref.unit.kind];
    const h = hashOf(id);
    const characteristic: CodeableConcept[] = [
      concept(ROR_SYSTEMS.careMode, codes.careMode),
      ...codes.publics.map((p) => concept(ROR_SYSTEMS.public, p)),
    ];
    // About one unit in three declares technical care (actes spécifiques).
    if (h % 3 === 0) {
      const acts = [SPECIFIC_ACTS[h % SPECIFIC_ACTS.length] as Code];
      if (h % 2 === 0) acts.push(SPECIFIC_ACTS[(h >>> 8) % SPECIFIC_ACTS.length] as Code);
      for (const act of new Set(acts))
        characteristic.push({
          coding: [
            {
              ...coding(ROR_SYSTEMS.specificAct, act),
              extension: [{ url: ROR_EXTENSIONS.actType, valueCode: 'specificAct' }],
            },
          ],
        });
    }
    return {
      resourceType: 'HealthcareService',
      id,
      meta: meta('HealthcareService', id, ROR_PROFILES.healthcareService),
      extension: [created(id), { url: ROR_EXTENSIONS.sensitiveUnit, valueBoolean: ref.unit.kind === 'PSYCHIATRIE' }],
      identifier: [
        {
          type: concept(ROR_SYSTEMS.offerIdentifierType, [
            '35',
            "Identifiant fonctionnel de l'offre connu par l'instance ROR",
          ]),
          value: functionalNumber(ref, 0),
        },
      ],
      active: patch?.active ?? true,
      providedBy: reference('Organization', `uf-${id}`),
      category: [concept(ROR_SYSTEMS.offerType, codes.offerType)],
      type: [concept(ROR_SYSTEMS.activityField, codes.activityField)],
      specialty: [concept(ROR_SYSTEMS.operationalActivity, operationalActivity(ref.unit.name))],
      location: [reference('Location', `loc-${id}`)],
      name: patch?.name ?? ref.unit.name,
      characteristic,
    };
  };

  const capacity = (nb: number, status: Code, nature: Code, updated: string): Extension => ({
    url: ROR_EXTENSIONS.supportedCapacity,
    extension: [
      { url: 'nbCapacity', valueInteger: nb },
      { url: 'capacityUpdateDate', valueDateTime: updated },
      { url: 'capacityStatus', valueCodeableConcept: concept(ROR_SYSTEMS.capacityStatus, status) },
      { url: 'capacityType', valueCodeableConcept: concept(ROR_SYSTEMS.capacityNature, nature) },
      { url: 'temporalityCapacity', valueCodeableConcept: concept(ROR_SYSTEMS.capacityTemporality, ['01', 'Courant']) },
      {
        url: 'capacitySourceType',
        valueCodeableConcept: concept(ROR_SYSTEMS.capacitySource, ['01', 'Saisie manuelle']),
      },
      {
        url: 'temporaryAssignement',
        valueCodeableConcept: concept(ROR_SYSTEMS.temporaryAssignment, ['01', 'Aucune']),
      },
    ],
  });

  const location = (ref: UnitRef): Location => {
    const id = `loc-${ref.unit.key}`;
    const patch = patchOf('Location', id);
    const m = meta('Location', id, ROR_PROFILES.location);
    const installed = patch?.capacity ?? ref.unit.capacity;
    const nature = CAPACITY_NATURES[ref.unit.capacityUnit];
    const available = hashOf(id) % (installed + 1);
    return {
      resourceType: 'Location',
      id,
      meta: m,
      extension: [
        created(id),
        capacity(installed, CAPACITY_STATUS_INSTALLED, nature, m.lastUpdated as string),
        capacity(available, CAPACITY_STATUS_AVAILABLE, nature, m.lastUpdated as string),
      ],
      identifier: [
        {
          type: concept(ROR_SYSTEMS.locationIdentifierType, [
            '25',
            'Identifiant fonctionnel du lieu connu par l’instance ROR',
          ]),
          value: functionalNumber(ref, 1),
        },
      ],
      status: (patch?.active ?? true) ? 'active' : 'inactive',
      name: patch?.name ?? ref.unit.name,
      type: [
        concept(
          ROR_SYSTEMS.placeFunction,
          ref.unit.kind === 'HAD' ? ['004', 'Domicile du patient'] : ['001', 'Hébergement'],
        ),
      ],
      address: {
        line: [ref.establishment.address],
        postalCode: ref.establishment.postalCode,
        city: ref.establishment.city,
      },
      managingOrganization: reference('Organization', `uf-${ref.unit.key}`),
    };
  };

  const deleted = (type: RorResourceType, id: string) => patchOf(type, id)?.deleted === true;

  /** Organisation ids in export order, deleted ones included. */
  function* organizationIds(): Generator<string> {
    const seen = new Set<string>();
    for (let i = 0; i < establishments.length; i++) {
      const e = establishments[i] as DirectoryEstablishment;
      if (!seen.has(e.legalEntity.finess)) {
        seen.add(e.legalEntity.finess);
        yield `ej-${e.legalEntity.finess}`;
      }
      yield `eg-${e.key}`;
      if (hasPole(i)) yield `pole-${e.key}`;
      for (const unit of e.units) yield `uf-${unit.key}`;
    }
  }

  const organizationById = (id: string): Organization | undefined => {
    if (id.startsWith('ej-')) {
      const first = legalEntityEstablishments.get(id.slice(3))?.[0];
      return first === undefined ? undefined : legalEntity(establishments[first] as DirectoryEstablishment);
    }
    if (id.startsWith('eg-')) {
      const i = establishmentByKey.get(id.slice(3));
      return i === undefined ? undefined : geographic(establishments[i] as DirectoryEstablishment);
    }
    if (id.startsWith('pole-')) {
      const i = establishmentByKey.get(id.slice(5));
      return i === undefined || !hasPole(i) ? undefined : pole(establishments[i] as DirectoryEstablishment);
    }
    if (id.startsWith('uf-')) {
      const u = unitByKey.get(id.slice(3));
      return u === undefined ? undefined : functionalUnit(unitAt(u));
    }
    return undefined;
  };

  const isOrganization = (id: string): boolean => {
    if (id.startsWith('ej-')) return legalEntityEstablishments.has(id.slice(3));
    if (id.startsWith('eg-')) return establishmentByKey.has(id.slice(3));
    if (id.startsWith('pole-')) {
      const i = establishmentByKey.get(id.slice(5));
      return i !== undefined && hasPole(i);
    }
    return id.startsWith('uf-') && unitByKey.has(id.slice(3));
  };

  const typeOf = (id: string): RorResourceType | undefined => {
    if (unitByKey.has(id)) return 'HealthcareService';
    if (id.startsWith('loc-') && unitByKey.has(id.slice(4))) return 'Location';
    return isOrganization(id) ? 'Organization' : undefined;
  };

  const read = (type: RorResourceType, id: string): RorResource | undefined => {
    if (deleted(type, id)) return undefined;
    if (type === 'Organization') return organizationById(id);
    if (type === 'HealthcareService') {
      const u = unitByKey.get(id);
      return u === undefined ? undefined : healthcareService(unitAt(u));
    }
    if (!id.startsWith('loc-')) return undefined;
    const u = unitByKey.get(id.slice(4));
    return u === undefined ? undefined : location(unitAt(u));
  };

  const parentOf = (id: string): string | undefined => {
    if (id.startsWith('eg-')) {
      const i = establishmentByKey.get(id.slice(3));
      return i === undefined ? undefined : `ej-${(establishments[i] as DirectoryEstablishment).legalEntity.finess}`;
    }
    if (id.startsWith('pole-')) return `eg-${id.slice(5)}`;
    if (id.startsWith('uf-')) {
      const u = unitByKey.get(id.slice(3));
      if (u === undefined) return undefined;
      const ref = unitAt(u);
      return hasPole(ref.establishmentIndex) ? `pole-${ref.establishment.key}` : `eg-${ref.establishment.key}`;
    }
    return undefined;
  };

  const childrenOf = (id: string): string[] => {
    if (id.startsWith('ej-'))
      return (legalEntityEstablishments.get(id.slice(3)) ?? []).map(
        (i) => `eg-${(establishments[i] as DirectoryEstablishment).key}`,
      );
    const ufs = (i: number) => (establishments[i] as DirectoryEstablishment).units.map((u) => `uf-${u.key}`);
    if (id.startsWith('eg-')) {
      const i = establishmentByKey.get(id.slice(3));
      if (i === undefined) return [];
      return hasPole(i) ? [`pole-${id.slice(3)}`] : ufs(i);
    }
    if (id.startsWith('pole-')) {
      const i = establishmentByKey.get(id.slice(5));
      return i === undefined || !hasPole(i) ? [] : ufs(i);
    }
    return [];
  };

  return {
    directory,
    counts: {
      establishments: establishments.length,
      legalEntities: legalEntityEstablishments.size,
      poles,
      units: unitCount,
      organizations: legalEntityEstablishments.size + establishments.length + poles + unitCount,
      healthcareServices: unitCount,
      locations: unitCount,
    },
    *organizations() {
      for (const id of organizationIds()) {
        if (deleted('Organization', id)) continue;
        yield organizationById(id) as Organization;
      }
    },
    *healthcareServices() {
      for (let u = 0; u < unitCount; u++) {
        const ref = unitAt(u);
        if (!deleted('HealthcareService', ref.unit.key)) yield healthcareService(ref);
      }
    },
    *locations() {
      for (let u = 0; u < unitCount; u++) {
        const ref = unitAt(u);
        if (!deleted('Location', `loc-${ref.unit.key}`)) yield location(ref);
      }
    },
    *all() {
      yield* this.organizations();
      yield* this.healthcareServices();
      yield* this.locations();
    },
    read,
    typeOf,
    exists: (type, id) => !deleted(type, id) && typeOf(id) === type,
    lastUpdatedMs: (type, id) => {
      const patch = patchOf(type, id);
      return patch ? Date.parse(patch.lastUpdated) : baseLastUpdatedMs(id);
    },
    unitCount,
    unitAt,
    unitIndexOf: (key) => unitByKey.get(key),
    parentOf,
    childrenOf,
    organizationsByIdentifier: (value) => finessIndex.get(value) ?? [],
    organizationIds,
  };
}

/**
 * The demo directory the local ROR serves: `establishments` establishments, or the fewest
 * establishments holding at least `units` units (the dataset grows by whole establishments, and
 * a larger one extends a smaller one, so the demo four always come first).
 */
export function rorDirectory(size: { establishments: number } | { units: number }): Directory {
  if ('establishments' in size) return generateDirectory({ establishments: size.establishments });
  const wanted = size.units;
  if (!Number.isSafeInteger(wanted) || wanted < 0) throw new RangeError(`Not a number of units: ${wanted}`);
  let guess = Math.max(4, Math.ceil(wanted / 3) + 8);
  for (;;) {
    const directory = generateDirectory({ establishments: guess });
    let units = 0;
    for (let i = 0; i < directory.establishments.length; i++) {
      units += (directory.establishments[i] as DirectoryEstablishment).units.length;
      if (units >= wanted) return { establishments: directory.establishments.slice(0, i + 1) };
    }
    guess *= 2;
  }
}

/** TRE_R211 activité opérationnelle of a unit, by its name (a stable code for names not listed). */
const OPERATIONAL_ACTIVITIES: Readonly<Record<string, string>> = {
  Cardiologie: '017',
  'Cardiologie interventionnelle': '018',
  Neurologie: '096',
  'Gériatrie aiguë': '062',
  'Médecine polyvalente': '089',
  Pneumologie: '113',
  'Gastro-entérologie': '060',
  'Médecine interne': '088',
  Néphrologie: '094',
  'Oncologie médicale': '101',
  'Maladies infectieuses': '083',
  Endocrinologie: '052',
  'Chirurgie orthopédique': '030',
  'Chirurgie viscérale': '040',
  'Chirurgie ambulatoire': '025',
  Urologie: '148',
  Ophtalmologie: '103',
  'Unité de soins palliatifs': '141',
  'Unité de soins de longue durée': '140',
  'HAD adultes': '068',
  'HAD pédiatrique': '069',
  'HAD soins palliatifs': '070',
  'Hébergement permanent': '301',
  'Hébergement temporaire': '302',
  'Unité protégée Alzheimer': '303',
  'Accueil de jour': '304',
};

export function operationalActivity(unitName: string): Code {
  const code = OPERATIONAL_ACTIVITIES[unitName] ?? String(200 + (hashOf(unitName) % 99)).padStart(3, '0');
  return [code, unitName];
}
