import type { DB } from '@trajectoire/db';
import { UNIT_KIND_LABELS } from '@trajectoire/domain';
import {
  establishmentRow,
  mapHealthcareService,
  mapLocation,
  mapOrganization,
  type OrganizationRecord,
  unitRow,
} from '@trajectoire/ror-mapping';
import type { Transaction } from 'kysely';
import type { DirectoryEstablishment, DirectoryUnit } from './dataset';
import { type FhirResources, fhirResources } from './ror-resources';

/** Establishments per statement: 15 parameters each, far below Postgres's 65,535. */
const ESTABLISHMENT_BATCH = 1_000;
/** Units or desks per statement (8 or 2 parameters each). */
const CHILD_BATCH = 5_000;

/**
 * The ids the ROR knows them by (see ror-resources.ts): the entité géographique's Organization,
 * each unit's HealthcareService and its Location. The seed writes what the sync would write from
 * those resources (through the same mapping), with the establishment marked synchronised, so that
 * a first sync finds every demo row unchanged instead of adding copies or rewriting them.
 */
export const rorIdOfEstablishment = (e: Pick<DirectoryEstablishment, 'key'>) => `eg-${e.key}`;
export const rorIdOfUnit = (u: Pick<DirectoryUnit, 'key'>) => u.key;
export const rorLocationIdOfUnit = (u: Pick<DirectoryUnit, 'key'>) => `loc-${u.key}`;

/** What référents wrote themselves (local fields, never the ROR's) on the README's establishments. */
const LOCAL_ESTABLISHMENT_FIELDS: Readonly<Record<string, { description: string; access_itinerary: string }>> = {
  'chu-lyon': {
    description:
      'Centre hospitalier universitaire : court séjour, SMR et soins palliatifs.\nAdmissions en SMR par le guichet unique SMR/HAD.',
    access_itinerary:
      'Métro D, arrêt Grange Blanche, puis 5 minutes à pied.\nParking visiteurs payant, entrée rue Viala.',
  },
  'clinique-grenoble': {
    description: 'Clinique de soins médicaux et de réadaptation neurologique et locomoteur.',
    access_itinerary: 'Tram A ou B, arrêt Gares ; parking souterrain de la clinique.',
  },
  'had-isere': {
    description: 'Hospitalisation à domicile sur le Voironnais, le Grésivaudan et l’agglomération grenobloise.',
    access_itinerary: 'Accueil du public au siège, 4 rue Mainssieux, du lundi au vendredi.',
  },
  'ehpad-annecy': {
    description:
      'Établissement d’hébergement pour personnes âgées dépendantes, avec une unité de soins de longue durée.',
    access_itinerary: 'Bus ligne 2, arrêt Les Tilleuls.',
  },
};

/** A unit's « Descriptif », as a référent would write it: its kind and its capacity. */
function unitDescription(u: DirectoryUnit): string {
  const count = `${u.capacity} ${u.capacityUnit === 'BEDS' ? 'lits' : 'places'}`;
  return `${UNIT_KIND_LABELS[u.kind]} : ${count}.`;
}

/**
 * Writes the establishments a database lacks, with their units and desks, in multi-row
 * statements. An establishment is known by its FINESS: one already there is left as it is,
 * units included, so writing the same directory twice adds nothing. `onBatch` hears how many
 * of `establishments` have been handled so far; the result is how many were added.
 */
export async function writeDirectory(
  trx: Transaction<DB>,
  establishments: readonly DirectoryEstablishment[],
  onBatch: (handled: number) => void = () => {},
): Promise<number> {
  // The ROR's view of these establishments (the caller passes the dataset from its start, so
  // the pôles and legal entities are the local ROR's).
  const ror = fhirResources({ establishments: [...establishments] });
  const now = new Date();
  let added = 0;
  let handled = 0;
  for (const batch of chunks(establishments, ESTABLISHMENT_BATCH)) {
    const inserted = await trx
      .insertInto('establishments')
      .values(
        batch.map((e) => {
          const row = establishmentRow(
            mapped(mapOrganization(ror.read('Organization', rorIdOfEstablishment(e))), e.key),
            legalEntityOf(ror, e),
          );
          return {
            ror_id: row.rorId,
            finess: row.finess,
            name: row.name,
            legal_entity_finess: row.legalEntityFiness,
            legal_entity_name: row.legalEntityName,
            category: row.category,
            category_code: row.categoryCode,
            address: row.address,
            postal_code: row.postalCode,
            city: row.city,
            departement: row.departement,
            phone: row.phone,
            email: row.email,
            ror_last_updated: row.rorLastUpdated,
            ror_sync_state: 'SYNCHRONISED',
            ror_synced_at: now,
            ...LOCAL_ESTABLISHMENT_FIELDS[e.key],
          };
        }),
      )
      .onConflict((oc) => oc.column('finess').doNothing())
      .returning(['id', 'finess'])
      .execute();
    const idByFiness = new Map(inserted.map((row) => [row.finess, row.id]));
    const fresh = batch.filter((e) => idByFiness.has(e.finess));
    const id = (e: DirectoryEstablishment) => idByFiness.get(e.finess) as string;
    const units = fresh.flatMap((e) =>
      e.units.map((u) => {
        const service = mapped(mapHealthcareService(ror.read('HealthcareService', rorIdOfUnit(u))), u.key);
        const location = mapped(mapLocation(ror.read('Location', rorLocationIdOfUnit(u))), u.key);
        const row = unitRow(service, location);
        return {
          establishment_id: id(e),
          ror_id: row.rorId,
          ror_location_id: row.rorLocationId,
          name: row.name,
          kind: row.kind,
          offer_type: row.offerType,
          activity_field: row.activityField,
          operational_activities: row.operationalActivities,
          care_modes: row.careModes,
          publics: row.publics,
          capacity: row.capacity,
          capacity_unit: row.capacityUnit,
          capacities: JSON.stringify(row.capacities),
          ror_resources: row.rorResources,
          ror_comfort_services: row.rorComfortServices,
          ror_last_updated: row.rorLastUpdated,
          description: unitDescription(u),
        };
      }),
    );
    for (const rows of chunks(units, CHILD_BATCH)) await trx.insertInto('units').values(rows).execute();
    const desks = fresh.flatMap((e) => e.desks.map((d) => ({ establishment_id: id(e), name: d.name })));
    for (const rows of chunks(desks, CHILD_BATCH)) await trx.insertInto('admission_desks').values(rows).execute();
    added += fresh.length;
    handled += batch.length;
    onBatch(handled);
  }
  return added;
}

function legalEntityOf(ror: FhirResources, e: DirectoryEstablishment): OrganizationRecord | null {
  const found = mapOrganization(ror.read('Organization', `ej-${e.legalEntity.finess}`));
  return found.ok ? found.value : null;
}

/** The dataset is ours: a resource of it the mapping refuses is a bug, not data to skip. */
function mapped<T>(result: { ok: true; value: T } | { ok: false; reason: string }, key: string): T {
  if (!result.ok) throw new Error(`Demo dataset: ${key} does not map: ${result.reason}`);
  return result.value;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
