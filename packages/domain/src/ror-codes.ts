/**
 * What the ROR's codes (ANS NOS terminologies) on a unit mean, as people read them. The directory
 * keeps the codes the ROR sends (« 28 », « acte:0320 »); these tables name them. Only codes whose
 * label is sure are listed: the real NOS tables where known, and the codes the local ROR serves
 * with the display it gives them. An unknown code has no label and shows as sent.
 */

/** The terminologies a unit's ROR fields are coded in. */
export const ROR_CODE_SYSTEMS = [
  'activityField',
  'offerType',
  'operationalActivity',
  'careMode',
  'public',
  'specificAct',
  'equipment',
] as const;

export type RorCodeSystem = (typeof ROR_CODE_SYSTEMS)[number];

type Labels = Readonly<Record<string, string>>;

/** Champ d'activité (TRE_R227). */
const ACTIVITY_FIELDS: Labels = {
  '01': 'Médecine, chirurgie, obstétrique (MCO)',
  '02': 'Soins médicaux et de réadaptation (SMR)',
  '03': 'Psychiatrie',
  '04': 'Médico-social',
  '05': 'Ville',
  '06': 'Social',
};

/**
 * Type d'offre (TRE_R244): those the ROR mapping tells unit kinds apart by, and those the local
 * ROR gives its units (152, 165, 170, 176 are the demo's picks, named as it names them).
 */
const OFFER_TYPES: Labels = {
  '21': 'Accueil ou hébergement pour personnes âgées dépendantes, sans spécificité',
  '23': 'Accueil ou hébergement pour personnes âgées dépendantes, avec spécificité Unité d’hébergement renforcé (UHR)',
  '24': 'Accueil ou hébergement pour personnes âgées dépendantes, avec spécificité Unité de vie protégée',
  '26': 'Accueil ou hébergement pour personnes âgées dépendantes, avec spécificité Petites unités de vie',
  '128': 'Unité d’hospitalisation à domicile socle',
  '129': 'Unité d’hospitalisation à domicile ante et post-partum',
  '130': 'Unité d’hospitalisation à domicile réadaptation',
  '131': 'Unité d’hospitalisation à domicile enfants de moins de trois ans',
  '152': 'Unité hospitalière de médecine',
  '165': 'Unité d’hospitalisation à domicile',
  '170': 'Unité de soins médicaux et de réadaptation',
  '175': 'Unité de soins palliatifs (USP)',
  '176': 'Unité de psychiatrie',
  '249': 'Unité de soins de longue durée (USLD)',
};

/** Activité opérationnelle (TRE_R211): the codes the local ROR gives its units, by their name. */
const OPERATIONAL_ACTIVITIES: Labels = {
  '017': 'Cardiologie',
  '018': 'Cardiologie interventionnelle',
  '025': 'Chirurgie ambulatoire',
  '030': 'Chirurgie orthopédique',
  '040': 'Chirurgie viscérale',
  '052': 'Endocrinologie',
  '060': 'Gastro-entérologie',
  '062': 'Gériatrie aiguë',
  '068': 'HAD adultes',
  '069': 'HAD pédiatrique',
  '070': 'HAD soins palliatifs',
  '083': 'Maladies infectieuses',
  '088': 'Médecine interne',
  '089': 'Médecine polyvalente',
  '094': 'Néphrologie',
  '096': 'Neurologie',
  '101': 'Oncologie médicale',
  '103': 'Ophtalmologie',
  '113': 'Pneumologie',
  '140': 'Unité de soins de longue durée',
  '141': 'Unité de soins palliatifs',
  '148': 'Urologie',
  '301': 'Hébergement permanent',
  '302': 'Hébergement temporaire',
  '303': 'Unité protégée Alzheimer',
  '304': 'Accueil de jour',
};

/** Mode de prise en charge (TRE_R213). */
const CARE_MODES: Labels = {
  '28': 'Hospitalisation complète (HC)',
  '31': 'Hospitalisation à domicile (HAD)',
  '46': 'Hébergement (accueil jour et nuit)',
};

/** Public pris en charge (TRE_R239), as the local ROR uses them. */
const PUBLICS: Labels = {
  '2': 'Adultes',
  '3': 'Personnes âgées',
};

/** Acte spécifique (TRE_R210): those the local ROR declares. */
const SPECIFIC_ACTS: Labels = {
  '0105': 'Oxygénothérapie',
  '0113': 'Nutrition parentérale',
  '0187': 'Soins de trachéotomie',
  '0221': 'Pansements complexes',
  '0250': 'Chimiothérapie',
  '0320': 'Neuromodulation sacrée',
};

/** Équipement spécifique: none named yet (the local ROR declares none), so codes show as sent. */
const EQUIPMENT: Labels = {};

/** The labels of each system, by code. */
export const ROR_CODE_LABELS: Readonly<Record<RorCodeSystem, Labels>> = {
  activityField: ACTIVITY_FIELDS,
  offerType: OFFER_TYPES,
  operationalActivity: OPERATIONAL_ACTIVITIES,
  careMode: CARE_MODES,
  public: PUBLICS,
  specificAct: SPECIFIC_ACTS,
  equipment: EQUIPMENT,
};

/** The label of a code, or undefined when the code is not known (surrounding spaces ignored). */
export function rorCodeLabel(system: RorCodeSystem, code: string): string | undefined {
  const labels = ROR_CODE_LABELS[system];
  const key = code.trim();
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/**
 * A code as people read it: « Hospitalisation complète (HC) — 28 » when its label is known (the
 * code kept, for those who talk to the ROR in codes), the code as sent otherwise.
 */
export function rorCodeText(system: RorCodeSystem, code: string): string {
  const label = rorCodeLabel(system, code);
  return label === undefined ? code : `${label} — ${code.trim()}`;
}

/** The prefixes of the ROR's technical resources (`rorResources`): « acte:0320 », « equipement:E12 ». */
const RESOURCE_PREFIXES: Readonly<Record<string, RorCodeSystem>> = {
  acte: 'specificAct',
  equipement: 'equipment',
};

/** The system and code of a ROR resource entry (« acte:0320 »), or undefined when it has no known prefix. */
export function rorResourceCode(entry: string): { system: RorCodeSystem; code: string } | undefined {
  const colon = entry.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = entry.slice(0, colon).trim();
  if (!Object.hasOwn(RESOURCE_PREFIXES, prefix)) return undefined;
  return { system: RESOURCE_PREFIXES[prefix] as RorCodeSystem, code: entry.slice(colon + 1).trim() };
}

/** The label of a ROR resource entry (« acte:0320 » → « Neuromodulation sacrée »), or undefined. */
export function rorResourceLabel(entry: string): string | undefined {
  const parsed = rorResourceCode(entry);
  return parsed === undefined ? undefined : rorCodeLabel(parsed.system, parsed.code);
}

/** A ROR resource entry as people read it: « Neuromodulation sacrée — acte:0320 », the entry as sent when unknown. */
export function rorResourceText(entry: string): string {
  const label = rorResourceLabel(entry);
  return label === undefined ? entry : `${label} — ${entry.trim()}`;
}
