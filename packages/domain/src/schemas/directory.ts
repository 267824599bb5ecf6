import { z } from 'zod';
import { isDepartementCode } from '../departements';
import { type EstablishmentField, isCoverageEntry, SYNC_STATES, UNIT_KINDS, type UnitField } from '../directory';
import { isValidFiness } from '../identifiers';
import { safeString } from './text';

/** The fields' names as the portal shows them (« Informations générales », « Unités de soins »). */
export const ESTABLISHMENT_FIELD_LABELS: Readonly<Record<EstablishmentField, string>> = {
  finess: 'N° FINESS',
  name: 'Nom',
  legalEntityFiness: 'N° FINESS de l’entité juridique',
  legalEntityName: 'Entité juridique',
  category: 'Catégorie',
  address: 'Adresse',
  postalCode: 'Code postal',
  city: 'Commune',
  departement: 'Département',
  phone: 'Téléphone',
  email: 'Adresse e-mail',
  description: 'Descriptif',
  accessItinerary: 'Itinéraire d’accès',
};

export const UNIT_FIELD_LABELS: Readonly<Record<UnitField, string>> = {
  name: 'Nom',
  kind: 'Type d’unité',
  offerType: 'Type d’offre',
  activityField: 'Champ d’activité',
  operationalActivities: 'Activités opérationnelles',
  careModes: 'Modes de prise en charge',
  publics: 'Publics pris en charge',
  capacity: 'Capacité',
  capacityUnit: 'Unité de capacité',
  rorResources: 'Ressources et soins techniques (ROR)',
  rorComfortServices: 'Prestations de confort (ROR)',
  internalCode: 'Code interne',
  description: 'Descriptif',
  localResources: 'Ressources et soins techniques',
  localComfortServices: 'Prestations de confort',
  pathologies: 'Thésaurus des pathologies',
  filiere: 'Filière',
  coverage: 'Couverture géographique',
};

/** « Ces informations viennent du ROR et ne peuvent pas être modifiées ici : Nom, Téléphone. » */
export function fromRorMessage(labels: readonly string[]): string {
  return `Ces informations viennent du ROR et ne peuvent pas être modifiées ici : ${labels.join(', ')}.`;
}

const id = (message: string) => z.uuid(message);

/** A one-line text of at most `max` characters, trimmed; `label` names it in the messages. */
const line = (label: string, max: number) => safeString().trim().max(max, `${label} : ${max} caractères au plus.`);
const required = (label: string, max: number) =>
  safeString({ error: `${label} : champ obligatoire.` })
    .trim()
    .min(1, `${label} : champ obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);
/** Free text on several lines (« Descriptif », « Itinéraire d'accès »). */
const text = (label: string, max: number) =>
  safeString(undefined, { multiline: true }).trim().max(max, `${label} : ${max} caractères au plus.`);
/** A list of short labels (resources, services, pathologies…), each once. */
const labels = (label: string) =>
  z
    .array(required(label, 200))
    .max(200, `${label} : 200 éléments au plus.`)
    .transform((values) => [...new Set(values)]);

const compact = (s: string) => s.replace(/\s+/g, '').toUpperCase();
const finess = (label: string) =>
  safeString({ error: `${label} : champ obligatoire.` })
    .overwrite(compact)
    .refine(isValidFiness, `${label} invalide (9 caractères, clé de contrôle comprise).`);
const optionalFiness = (label: string) =>
  safeString()
    .overwrite(compact)
    .refine((v) => v === '' || isValidFiness(v), `${label} invalide (9 caractères, clé de contrôle comprise).`);

export const DESCRIPTION_MAX = 4000;

/**
 * What may be sent to change an establishment; every field is optional (only those sent, and
 * different from what is stored, count as changed). Empty text clears an optional field.
 */
export const establishmentChangesSchema = z
  .object({
    finess: finess('N° FINESS'),
    name: required('Nom', 200),
    legalEntityFiness: optionalFiness('N° FINESS de l’entité juridique'),
    legalEntityName: line('Entité juridique', 200),
    category: required('Catégorie', 200),
    address: line('Adresse', 300),
    postalCode: safeString()
      .trim()
      .refine((v) => v === '' || /^\d{5}$/.test(v), 'Code postal invalide (5 chiffres).'),
    city: line('Commune', 100),
    departement: safeString({ error: 'Code de département invalide.' })
      .trim()
      .toUpperCase()
      .refine(isDepartementCode, 'Code de département invalide.'),
    phone: line('Téléphone', 30),
    email: safeString()
      .trim()
      .max(254, 'Adresse e-mail trop longue.')
      .refine((v) => v === '' || z.email().safeParse(v).success, "L'adresse e-mail n'est pas valide."),
    description: text('Descriptif', DESCRIPTION_MAX),
    accessItinerary: text('Itinéraire d’accès', DESCRIPTION_MAX),
  })
  .partial()
  .strict();
export type EstablishmentChanges = z.infer<typeof establishmentChangesSchema>;

const coverageEntry = safeString()
  .trim()
  .toUpperCase()
  .refine(isCoverageEntry, 'Couverture géographique : un code commune INSEE ou un code postal (5 caractères).');

export const unitChangesSchema = z
  .object({
    name: required('Nom', 200),
    kind: z.enum(UNIT_KINDS, { error: 'Type d’unité inconnu.' }),
    offerType: line('Type d’offre', 200),
    activityField: line('Champ d’activité', 200),
    operationalActivities: labels('Activités opérationnelles'),
    careModes: labels('Modes de prise en charge'),
    publics: labels('Publics pris en charge'),
    capacity: z
      .number({ error: 'Capacité : un nombre entier.' })
      .int('Capacité : un nombre entier.')
      .min(0, 'Capacité : un nombre positif.')
      .max(100_000, 'Capacité : 100 000 au plus.')
      .nullable(),
    capacityUnit: z.enum(['BEDS', 'PLACES'], { error: 'Unité de capacité inconnue.' }).nullable(),
    rorResources: labels('Ressources et soins techniques (ROR)'),
    rorComfortServices: labels('Prestations de confort (ROR)'),
    internalCode: line('Code interne', 50),
    description: text('Descriptif', DESCRIPTION_MAX),
    localResources: labels('Ressources et soins techniques'),
    localComfortServices: labels('Prestations de confort'),
    pathologies: labels('Thésaurus des pathologies'),
    filiere: line('Filière', 200),
    coverage: z
      .array(coverageEntry)
      .max(2000, 'Couverture géographique : 2 000 communes ou codes postaux au plus.')
      .transform((values) => [...new Set(values)]),
  })
  .partial()
  .strict();
export type UnitChanges = z.infer<typeof unitChangesSchema>;

/** An instant as the server gave it (`updatedAt`), to detect a concurrent change. */
const instant = safeString({ error: 'Version inconnue : rechargez la page.' }).refine(
  (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  'Version inconnue : rechargez la page.',
);

/** ADMINISTRATION → « Etablissements »: a search (name, FINESS or commune) and the next page. */
export const directoryEstablishmentsInput = z
  .object({
    query: safeString().trim().max(100, 'Recherche trop longue.').optional(),
    cursor: safeString().max(500, 'Page inconnue.').nullable().optional(),
  })
  .optional();

export const establishmentIdInput = z.object({ id: id('Établissement inconnu.') });
export const unitIdInput = z.object({ id: id('Unité inconnue.') });
export const deskIdInput = z.object({ id: id("Guichet d'admission inconnu.") });
export const ofEstablishmentInput = z.object({ establishmentId: id('Établissement inconnu.') });

export const updateEstablishmentInput = z.object({
  id: id('Établissement inconnu.'),
  expectedUpdatedAt: instant,
  changes: establishmentChangesSchema,
});

export const updateUnitInput = z.object({
  id: id('Unité inconnue.'),
  expectedUpdatedAt: instant,
  changes: unitChangesSchema,
});

const deskName = required("Nom du guichet d'admission", 200);
export const createDeskInput = z.object({ establishmentId: id('Établissement inconnu.'), name: deskName });
export const renameDeskInput = z.object({ id: id("Guichet d'admission inconnu."), name: deskName });

export const syncStateSchema = z.enum(SYNC_STATES);
