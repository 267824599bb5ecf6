import type { HealthcareService, Location, Organization } from '@medplum/fhirtypes';
import { isValidFiness } from '@trajectoire/domain';
import {
  ACTIVITY_FIELDS,
  CAPACITY_NATURE_UNIT,
  departementOfFiness,
  departementOfPostalCode,
  ESTABLISHMENT_CATEGORIES,
  FINESS_IDENTIFIER_TYPE,
  ID_NAT_ST_IDENTIFIER_TYPE,
  INSTALLED_CAPACITY,
  TRE,
  unitKindOf,
} from './codes';
import {
  activeOf,
  asArray,
  codeIn,
  codesIn,
  extensionsNamed,
  firstCodeIn,
  forEachCoding,
  isExtension,
  isRecord,
  type Json,
  lastUpdatedOf,
  referenceId,
  resourceIdOf,
  str,
  subExtension,
} from './fhir';
import type {
  CapacityRecord,
  LocationRecord,
  Mapped,
  OrganizationRecord,
  ResidentialCapacityRecord,
  ServiceRecord,
} from './types';

/*
 * The FHIR R4 types name the fields read here (a misspelt field fails the typecheck), but the
 * values are read as `unknown`: nothing about the input is trusted. No schema library per
 * resource: the sync maps a few hundred thousand resources and this stays allocation-light.
 */
function field<R>(resource: Json, name: keyof R & string): unknown {
  return resource[name];
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `« ${text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text} »`;
}

/** Checks what every resource needs: an object of the expected type, with a usable id. */
function header(
  input: unknown,
  resourceType: string,
): { ok: true; resource: Json; id: string } | { ok: false; reason: string } {
  if (!isRecord(input)) return fail(`ressource : un objet JSON ${resourceType} est attendu`);
  if (input.resourceType !== resourceType) {
    return fail(`resourceType : ${quote(input.resourceType)} au lieu de « ${resourceType} »`);
  }
  const id = resourceIdOf(input);
  if (id === null)
    return fail(`id : identifiant de ressource ${input.id === undefined ? 'absent' : `invalide ${quote(input.id)}`}`);
  return { ok: true, resource: input, id };
}

// ─── Organization ───────────────────────────────────────────────────────────

function identifierTypeCode(identifier: Json): string | null {
  return codeIn(identifier.type, TRE.typeIdentifiantStructure)?.code ?? null;
}

/** The FINESS the identifiers carry, as written (null when none says it is one). */
function finessIdentifier(identifiers: unknown): string | null {
  const list = asArray(identifiers);
  let fromIdNatSt: string | null = null;
  for (let i = 0; i < list.length; i++) {
    const identifier = list[i];
    if (!isRecord(identifier)) continue;
    const value = str(identifier.value);
    if (value === null) continue;
    const type = identifierTypeCode(identifier);
    const system = str(identifier.system);
    if (type === FINESS_IDENTIFIER_TYPE || system?.includes('finess')) return value;
    // The idNatSt of a structure known by its FINESS is « 1 » + FINESS: second best.
    if (type === ID_NAT_ST_IDENTIFIER_TYPE && value.length === 10 && value[0] === '1') fromIdNatSt = value.slice(1);
  }
  return fromIdNatSt;
}

function isInternalOrganization(types: unknown, identifiers: unknown): boolean {
  if (firstCodeIn(types, TRE.typeOrganisationInterne) !== null) return true;
  const list = asArray(identifiers);
  for (let i = 0; i < list.length; i++) {
    const identifier = list[i];
    if (isRecord(identifier) && codeIn(identifier.type, TRE.typeIdentifiantAutre)?.code === '42') return true;
  }
  return false;
}

const ADXP_PARTS = ['houseNumber', 'buildingNumberSuffix', 'streetNameType', 'streetNameBase', 'additionalLocator'];

/** The street lines, or when they are empty the ISO 21090 parts carried by `_line`. */
function streetOf(address: Json): string | null {
  const lines = asArray(address.line);
  let street = '';
  for (let i = 0; i < lines.length; i++) {
    const line = str(lines[i]);
    if (line !== null) street = street === '' ? line : `${street}, ${line}`;
  }
  if (street !== '') return street;
  const parts: string[] = [];
  const lineElements = asArray(address._line);
  for (let i = 0; i < lineElements.length; i++) {
    for (const name of ADXP_PARTS) {
      const ext = extensionsNamed(lineElements[i], `iso21090-ADXP-${name}`)[0];
      const value = ext === undefined ? null : str(ext.valueString);
      if (value !== null) parts.push(value);
    }
  }
  return parts.length === 0 ? null : parts.join(' ');
}

function firstAddress(addresses: unknown): Json | null {
  const list = asArray(addresses);
  let fallback: Json | null = null;
  for (let i = 0; i < list.length; i++) {
    const address = list[i];
    if (!isRecord(address)) continue;
    if (address.use !== 'old' && address.type !== 'postal') return address;
    fallback ??= address;
  }
  return fallback;
}

/** The first phone and e-mail among the telecoms, then among the contacts' telecoms. */
function telecomsOf(resource: Json): { phone: string | null; email: string | null } {
  let phone: string | null = null;
  let email: string | null = null;
  const visit = (telecoms: unknown) => {
    const list = asArray(telecoms);
    for (let i = 0; i < list.length; i++) {
      const telecom = list[i];
      if (!isRecord(telecom)) continue;
      const value = str(telecom.value);
      if (value === null) continue;
      if (telecom.system === 'phone') phone ??= value;
      else if (telecom.system === 'email') email ??= value;
    }
  };
  visit(field<Organization>(resource, 'telecom'));
  const contacts = asArray(field<Organization>(resource, 'contact'));
  for (let i = 0; i < contacts.length && (phone === null || email === null); i++) {
    const contact = contacts[i];
    if (isRecord(contact)) visit(contact.telecom);
  }
  return { phone, email };
}

/**
 * An Organization of the ROR. Its level: an organisation interne carries a TRE_R207 type (pôle,
 * service, unité fonctionnelle) or the OI identifier (TRE_R345 42); an entité géographique a
 * TRE_R66 category or a `partOf` (its EJ); the rest, at the top of no chain, is an entité
 * juridique. An EG without a FINESS with a valid key, or any wrong FINESS, is refused.
 */
export function mapOrganization(input: unknown): Mapped<OrganizationRecord> {
  const head = header(input, 'Organization');
  if (!head.ok) return head;
  const { resource, id } = head;

  const name = str(field<Organization>(resource, 'name'));
  if (name === null) return fail('name : nom de l’organisation absent');

  const rawPartOf = field<Organization>(resource, 'partOf');
  const partOf = referenceId(rawPartOf, 'Organization');
  if (rawPartOf !== undefined && rawPartOf !== null && partOf === null) {
    return fail(
      `partOf : référence à une Organization illisible ${quote(isRecord(rawPartOf) ? rawPartOf.reference : rawPartOf)}`,
    );
  }

  const types = field<Organization>(resource, 'type');
  const identifiers = field<Organization>(resource, 'identifier');
  const category = firstCodeIn(types, TRE.categorieEtablissement);
  const level = isInternalOrganization(types, identifiers)
    ? 'INTERNAL'
    : category !== null || partOf !== null
      ? 'EG'
      : 'EJ';

  const written = finessIdentifier(identifiers);
  let finess: string | null = null;
  if (written !== null) {
    finess = written.replace(/\s+/g, '').toUpperCase();
    if (!isValidFiness(finess)) {
      return fail(
        `identifier (FINESS) : ${quote(written)} n’est pas un numéro FINESS valide (9 caractères, clé de contrôle comprise)`,
      );
    }
  } else if (level === 'EG') {
    return fail('identifier (FINESS) : entité géographique sans numéro FINESS');
  }

  const address = firstAddress(field<Organization>(resource, 'address'));
  const postalCode = address === null ? null : str(address.postalCode);
  const departement =
    (finess === null ? null : departementOfFiness(finess)) ??
    (postalCode === null ? null : departementOfPostalCode(postalCode));
  if (level === 'EG' && departement === null) {
    return fail(
      `address.postalCode : ni le FINESS ${quote(finess)} ni le code postal ${quote(postalCode ?? '')} ne donnent un département connu`,
    );
  }
  const { phone, email } = telecomsOf(resource);

  return {
    ok: true,
    value: {
      rorId: id,
      level,
      partOf,
      finess,
      name,
      categoryCode: category?.code ?? null,
      category:
        category === null ? null : (ESTABLISHMENT_CATEGORIES[category.code] ?? category.display ?? category.code),
      address: address === null ? null : streetOf(address),
      postalCode,
      city: address === null ? null : str(address.city),
      departement,
      phone,
      email,
      active: activeOf(resource),
      lastUpdated: lastUpdatedOf(resource),
    },
  };
}

// ─── Location ───────────────────────────────────────────────────────────────

function anyCode(concept: unknown): string | null {
  let found: string | null = null;
  forEachCoding(concept, (_system, code) => {
    found ??= code;
  });
  return found;
}

function nonNegativeInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

const SUPPORTED_CAPACITY = 'ror-location-supported-capacity';

/**
 * A Location of the ROR: its capacities (`ror-location-supported-capacity`: nature TRE_R329,
 * status TRE_R330, count), the unit's capacity being the installed (01) current ones of the
 * main nature (lits → BEDS, places → PLACES); homes (`ror-location-residential-capacity`) and
 * equipment (`ror-location-equipment`) are kept beside.
 */
export function mapLocation(input: unknown): Mapped<LocationRecord> {
  const head = header(input, 'Location');
  if (!head.ok) return head;
  const { resource, id } = head;

  const capacities: CapacityRecord[] = [];
  let beds = 0;
  let places = 0;
  let hasBeds = false;
  let hasPlaces = false;
  const supported = extensionsNamed(resource, SUPPORTED_CAPACITY);
  for (let i = 0; i < supported.length; i++) {
    const ext = supported[i] as Json;
    const rawCount = subExtension(ext, 'nbCapacity')?.valueInteger;
    const count = nonNegativeInteger(rawCount);
    if (count === null) {
      return fail(
        `extension ${SUPPORTED_CAPACITY}.nbCapacity : ${rawCount === undefined ? 'nombre absent' : `${quote(rawCount)} n’est pas un entier positif`}`,
      );
    }
    const status = anyCode(subExtension(ext, 'capacityStatus')?.valueCodeableConcept);
    if (status === null)
      return fail(`extension ${SUPPORTED_CAPACITY}.capacityStatus : statut de capacité (TRE_R330) absent`);
    const nature = anyCode(subExtension(ext, 'capacityType')?.valueCodeableConcept);
    if (nature === null)
      return fail(`extension ${SUPPORTED_CAPACITY}.capacityType : nature de capacité (TRE_R329) absente`);
    capacities.push({ nature, status, count });
    // Only current capacities count (TRE_R331 01 « courant »; absent means current too).
    const temporality = anyCode(subExtension(ext, 'temporalityCapacity')?.valueCodeableConcept);
    if (status !== INSTALLED_CAPACITY || (temporality !== null && temporality !== '01')) continue;
    const unit = CAPACITY_NATURE_UNIT[nature];
    if (unit === 'BEDS') {
      beds += count;
      hasBeds = true;
    } else if (unit === 'PLACES') {
      places += count;
      hasPlaces = true;
    }
  }

  const residentialCapacities: ResidentialCapacityRecord[] = [];
  const residential = extensionsNamed(resource, 'ror-location-residential-capacity');
  for (let i = 0; i < residential.length; i++) {
    const ext = residential[i] as Json;
    const type = anyCode(subExtension(ext, 'residentialType')?.valueCodeableConcept);
    if (type === null)
      return fail('extension ror-location-residential-capacity.residentialType : type d’habitation absent');
    residentialCapacities.push({
      type,
      count: nonNegativeInteger(subExtension(ext, 'residentialNumber')?.valueInteger),
    });
  }

  const equipment: string[] = [];
  const extensions = asArray(field<Location>(resource, 'extension'));
  for (let i = 0; i < extensions.length; i++) {
    const ext = extensions[i];
    // The IG has spelt it both ways (ror-location-equipment, ror-location-equipement).
    if (
      !isRecord(ext) ||
      !(isExtension(ext.url, 'ror-location-equipment') || isExtension(ext.url, 'ror-location-equipement'))
    )
      continue;
    const type = anyCode(subExtension(ext, 'equipmentType')?.valueCodeableConcept);
    if (type !== null && !equipment.includes(type)) equipment.push(type);
  }

  // Mixed lits and places: the nature with the larger installed count names the unit.
  const capacityUnit = hasBeds && (!hasPlaces || beds >= places) ? 'BEDS' : hasPlaces ? 'PLACES' : null;
  return {
    ok: true,
    value: {
      rorId: id,
      capacity: capacityUnit === 'BEDS' ? beds : capacityUnit === 'PLACES' ? places : null,
      capacityUnit,
      capacities,
      residentialCapacities,
      equipment,
      lastUpdated: lastUpdatedOf(resource),
    },
  };
}

// ─── HealthcareService ──────────────────────────────────────────────────────

/** Actes spécifiques (TRE_R210) of `characteristic[specificAct]`; acts done outside a practice are not the unit's. */
function specificActsOf(characteristics: unknown): string[] {
  const acts: string[] = [];
  const list = asArray(characteristics);
  for (let i = 0; i < list.length; i++) {
    const characteristic = list[i];
    if (!isRecord(characteristic)) continue;
    const actType = extensionsNamed(characteristic, 'ror-act-type')[0];
    if (actType !== undefined && actType.valueCode === 'outsideOfficeAct') continue;
    forEachCoding(characteristic, (system, code) => {
      const entry = `acte:${code}`;
      if (system?.includes(TRE.acteSpecifique) && !acts.includes(entry)) acts.push(entry);
    });
  }
  return acts;
}

/** Publics pris en charge (TRE_R239): `ror-healthcareservice-patient-type.supportedPatientInfo`, and any characteristic of that system. */
function publicsOf(resource: Json, characteristics: unknown): string[] {
  const publics: string[] = [];
  const patientTypes = extensionsNamed(resource, 'ror-healthcareservice-patient-type');
  for (let i = 0; i < patientTypes.length; i++) {
    const infos = asArray((patientTypes[i] as Json).extension);
    for (let j = 0; j < infos.length; j++) {
      const info = infos[j];
      if (!isRecord(info) || !isExtension(info.url, 'supportedPatientInfo')) continue;
      forEachCoding(info.valueCodeableConcept, (_system, code) => {
        if (!publics.includes(code)) publics.push(code);
      });
    }
  }
  return codesIn(characteristics, TRE.publicPrisEnCharge, publics);
}

/**
 * A HealthcareService of the ROR (offre opérationnelle), one unit. Its kind comes from the type
 * d'offre (TRE_R244, optional), the care modes (TRE_R213, optional although the profile makes one
 * required: the IG's built example has none) and the champ d'activité (TRE_R227, required): an
 * offer none of them places among the directory's kinds is refused. Secondary codes the mapping
 * does not know are kept as they are.
 *
 * Comfort services: the ROR exposure model 3.0 describes none (no element, extension nor
 * terminology of « prestations de confort » in the IG); the closest, the EG's
 * `ror-organization-accomodation-family`, belongs to the establishment, not the unit. So
 * `rorComfortServices` stays empty and référents keep theirs in the local field.
 */
export function mapHealthcareService(input: unknown): Mapped<ServiceRecord> {
  const head = header(input, 'HealthcareService');
  if (!head.ok) return head;
  const { resource, id } = head;

  const name = str(field<HealthcareService>(resource, 'name'));
  if (name === null) return fail('name : nom de l’offre absent');

  const rawProvidedBy = field<HealthcareService>(resource, 'providedBy');
  const providedBy = referenceId(rawProvidedBy, 'Organization');
  if (providedBy === null) {
    return fail(
      rawProvidedBy === undefined
        ? 'providedBy : organisation qui porte l’offre absente'
        : `providedBy : référence à une Organization illisible ${quote(isRecord(rawProvidedBy) ? rawProvidedBy.reference : rawProvidedBy)}`,
    );
  }

  const locationIds: string[] = [];
  const locations = asArray(field<HealthcareService>(resource, 'location'));
  for (let i = 0; i < locations.length; i++) {
    const locationId = referenceId(locations[i], 'Location');
    if (locationId !== null && !locationIds.includes(locationId)) locationIds.push(locationId);
  }

  const activity = firstCodeIn(field<HealthcareService>(resource, 'type'), TRE.champActivite);
  if (activity === null) return fail('type : champ d’activité (TRE_R227) absent');
  if (ACTIVITY_FIELDS[activity.code] === undefined) {
    return fail(`type : champ d’activité (TRE_R227) inconnu ${quote(activity.code)}`);
  }

  const offerType = firstCodeIn(field<HealthcareService>(resource, 'category'), TRE.typeOffre)?.code ?? null;
  const characteristics = field<HealthcareService>(resource, 'characteristic');
  const careModes = codesIn(characteristics, TRE.modePriseEnCharge);
  const kind = unitKindOf(activity.code, offerType, careModes);
  if (kind === null) {
    return fail(
      `type : le champ d’activité ${quote(activity.code)} (${ACTIVITY_FIELDS[activity.code]})${offerType === null ? '' : ` avec le type d’offre ${quote(offerType)} (category)`} ne correspond à aucun type d’unité de l’annuaire`,
    );
  }

  return {
    ok: true,
    value: {
      rorId: id,
      name,
      providedBy,
      locationIds,
      kind,
      offerType,
      activityField: activity.code,
      operationalActivities: codesIn(field<HealthcareService>(resource, 'specialty'), TRE.activiteOperationnelle),
      careModes,
      publics: publicsOf(resource, characteristics),
      rorResources: specificActsOf(characteristics),
      rorComfortServices: [],
      active: activeOf(resource),
      lastUpdated: lastUpdatedOf(resource),
    },
  };
}
