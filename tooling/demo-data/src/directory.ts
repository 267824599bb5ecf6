import type { DB } from '@trajectoire/db';
import { UNIT_KIND_LABELS } from '@trajectoire/domain';
import type { Transaction } from 'kysely';
import type { DirectoryEstablishment, DirectoryUnit } from './dataset';

/** Establishments per statement: 15 parameters each, far below Postgres's 65,535. */
const ESTABLISHMENT_BATCH = 1_000;
/** Units or desks per statement (8 or 2 parameters each). */
const CHILD_BATCH = 5_000;

/**
 * The ids the ROR knows them by (see the local ROR's resources): the entité géographique's
 * Organization, each unit's HealthcareService and its Location. Written with the rows, and the
 * establishment marked synchronised, so that the first sync matches these rows instead of
 * adding copies.
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
  let added = 0;
  let handled = 0;
  for (const batch of chunks(establishments, ESTABLISHMENT_BATCH)) {
    const inserted = await trx
      .insertInto('establishments')
      .values(
        batch.map((e) => ({
          finess: e.finess,
          name: e.name,
          departement: e.departement,
          category: e.category,
          address: e.address,
          postal_code: e.postalCode,
          city: e.city,
          phone: e.phone,
          email: e.email,
          ror_id: rorIdOfEstablishment(e),
          legal_entity_finess: e.legalEntity.finess,
          legal_entity_name: e.legalEntity.name,
          ror_sync_state: 'SYNCHRONISED',
          ...LOCAL_ESTABLISHMENT_FIELDS[e.key],
        })),
      )
      .onConflict((oc) => oc.column('finess').doNothing())
      .returning(['id', 'finess'])
      .execute();
    const idByFiness = new Map(inserted.map((row) => [row.finess, row.id]));
    const fresh = batch.filter((e) => idByFiness.has(e.finess));
    const id = (e: DirectoryEstablishment) => idByFiness.get(e.finess) as string;
    const units = fresh.flatMap((e) =>
      e.units.map((u) => ({
        establishment_id: id(e),
        name: u.name,
        kind: u.kind,
        ror_id: rorIdOfUnit(u),
        ror_location_id: rorLocationIdOfUnit(u),
        capacity: u.capacity,
        capacity_unit: u.capacityUnit,
        description: unitDescription(u),
      })),
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

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
