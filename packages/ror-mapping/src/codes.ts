import { isDepartementCode, ROR_CODE_LABELS, type UnitKind } from '@trajectoire/domain';

/**
 * The ROR's terminologies this mapping reads (ANS NOS, https://mos.esante.gouv.fr/NOS/<TRE>/…).
 * Systems are matched on the TRE name they contain: the examples spell their URLs inconsistently
 * (http/https, with or without the /FHIR/… tail), the TRE name never changes.
 */
export const TRE = {
  /** Type d'identifiant de structure: 1 FINESS, 2 SIREN, 3 SIRET, 40 idNatSt. */
  typeIdentifiantStructure: 'TRE_G07',
  /** Catégorie d'établissement (FINESS), on the entité géographique. */
  categorieEtablissement: 'TRE_R66',
  /** Statut juridique (FINESS) and its aggregate, on the entité juridique. */
  statutJuridique: 'TRE_R72',
  agregatStatutJuridique: 'TRE_R69',
  /** Type d'organisation interne: 1 pôle, 2 service, 3 unité fonctionnelle, 4 unité élémentaire. */
  typeOrganisationInterne: 'TRE_R207',
  /** Identifiant fonctionnel de l'OI (code 42). */
  typeIdentifiantAutre: 'TRE_R345',
  champActivite: 'TRE_R227',
  typeOffre: 'TRE_R244',
  activiteOperationnelle: 'TRE_R211',
  modePriseEnCharge: 'TRE_R213',
  acteSpecifique: 'TRE_R210',
  publicPrisEnCharge: 'TRE_R239',
  natureCapacite: 'TRE_R329',
  statutCapacite: 'TRE_R330',
} as const;

export const FINESS_IDENTIFIER_TYPE = '1';
export const ID_NAT_ST_IDENTIFIER_TYPE = '40';

/**
 * Catégories d'établissement (TRE_R66) named as the directory names them. Codes outside this
 * table keep the display the ROR sends, or their code.
 */
export const ESTABLISHMENT_CATEGORIES: Readonly<Record<string, string>> = {
  '101': 'Centre hospitalier régional',
  '106': 'Centre hospitalier (ex-hôpital local)',
  '109': 'Établissement de SMR',
  '122': 'Établissement de soins obstétriques chirurgico-gynécologiques',
  '127': 'Hospitalisation à domicile',
  '128': 'Établissement de soins chirurgicaux',
  '129': 'Établissement de soins médicaux',
  '131': 'Centre de lutte contre le cancer',
  '161': 'Maison de santé pour maladies mentales',
  '292': 'Établissement de santé mentale',
  '355': 'Centre hospitalier',
  '362': 'Établissement de soins de longue durée',
  // « Établissement de soins pluridisciplinaire »: the FINESS category of most private clinics.
  '365': 'Clinique',
  '500': 'EHPAD',
};

/** The TRE_R66 code of a directory category label (the local ROR serves the demo data with it). */
export function categoryCodeOf(label: string): string | undefined {
  for (const code in ESTABLISHMENT_CATEGORIES) if (ESTABLISHMENT_CATEGORIES[code] === label) return code;
  return undefined;
}

// ─── Kinds of unit ──────────────────────────────────────────────────────────

/**
 * Champ d'activité (TRE_R227, JDV_J20): 01 MCO, 02 SMR, 03 psychiatrie, 04 médico-social, 05 ville,
 * 06 social. The domain's table, the one the portal names them with.
 */
export const ACTIVITY_FIELDS: Readonly<Record<string, string>> = ROR_CODE_LABELS.activityField;

const KIND_BY_ACTIVITY_FIELD: Readonly<Record<string, UnitKind>> = {
  '01': 'MCO',
  '02': 'SMR',
  '03': 'PSYCHIATRIE',
};

/**
 * Types d'offre (TRE_R244, JDV_J238) that say more than the champ d'activité: palliative care,
 * long-stay units and home hospitalisation are MCO offers in the ROR, nursing homes médico-social.
 */
const KIND_BY_OFFER_TYPE: Readonly<Record<string, UnitKind>> = {
  '175': 'SOINS_PALLIATIFS', // Unités de soins palliatifs
  '249': 'USLD', // Unité de soins de longue durée
  '128': 'HAD', // Unité d'hospitalisation à domicile socle
  '129': 'HAD', // … ante et post-partum
  '130': 'HAD', // … réadaptation
  '131': 'HAD', // … enfants de moins de trois ans
  '21': 'EHPAD', // Accueil ou hébergement pour personnes âgées dépendantes, sans spécificité
  '23': 'EHPAD', // … avec spécificité Unité d'hébergement renforcé (UHR)
  '24': 'EHPAD', // … avec spécificité Unité de vie protégée
  '26': 'EHPAD', // … avec spécificité Petites unités de vie
};

/** Mode de prise en charge (TRE_R213) 31: hospitalisation à domicile. */
const HAD_CARE_MODE = '31';

/**
 * The kind of a unit: the type d'offre first (it is the most precise), then home hospitalisation
 * as a care mode, then the champ d'activité. Médico-social, ville and social offers that are not a
 * nursing home have no kind here: null.
 */
export function unitKindOf(
  activityField: string,
  offerType: string | null,
  careModes: readonly string[],
): UnitKind | null {
  const byOffer = offerType === null ? undefined : KIND_BY_OFFER_TYPE[offerType];
  if (byOffer !== undefined) return byOffer;
  if (careModes.includes(HAD_CARE_MODE)) return 'HAD';
  return KIND_BY_ACTIVITY_FIELD[activityField] ?? null;
}

/**
 * The codes the local ROR puts on a unit of each kind, so that mapping them back gives the kind
 * (champ d'activité, type d'offre, mode de prise en charge).
 */
export const UNIT_KIND_CODES: Readonly<
  Record<UnitKind, { activityField: string; offerType: string | null; careMode: string }>
> = {
  MCO: { activityField: '01', offerType: '238', careMode: '28' }, // médecine polyvalente, HC
  SMR: { activityField: '02', offerType: '100', careMode: '28' }, // SMR polyvalent, HC
  HAD: { activityField: '01', offerType: '128', careMode: '31' }, // HAD socle
  SOINS_PALLIATIFS: { activityField: '01', offerType: '175', careMode: '28' },
  PSYCHIATRIE: { activityField: '03', offerType: '16', careMode: '28' }, // unité d'hospitalisation
  EHPAD: { activityField: '04', offerType: '21', careMode: '46' }, // hébergement PA dépendantes
  USLD: { activityField: '01', offerType: '249', careMode: '28' },
};

// ─── Capacities ─────────────────────────────────────────────────────────────

/** Statut de capacité (TRE_R330) 01: installé. */
export const INSTALLED_CAPACITY = '01';
/** Nature de capacité (TRE_R329): 01 lit, 02 place. */
export const CAPACITY_NATURE_UNIT: Readonly<Record<string, 'BEDS' | 'PLACES'>> = { '01': 'BEDS', '02': 'PLACES' };

// ─── Départements ───────────────────────────────────────────────────────────

/**
 * The département a FINESS number is filed under: its two first characters (2A/2B for Corsica),
 * three for overseas (97x, 98x). Null when that is no known département.
 */
export function departementOfFiness(finess: string): string | null {
  const code = finess.startsWith('97') || finess.startsWith('98') ? finess.slice(0, 3) : finess.slice(0, 2);
  return isDepartementCode(code) ? code : null;
}

/**
 * The département of a French postal code: Corsica's 200xx-201xx are Corse-du-Sud, 202xx-206xx
 * Haute-Corse; overseas take three digits. Null when that is no known département.
 */
export function departementOfPostalCode(postalCode: string): string | null {
  if (!/^\d{5}$/.test(postalCode)) return null;
  let code: string;
  if (postalCode.startsWith('20')) code = postalCode[2] === '0' || postalCode[2] === '1' ? '2A' : '2B';
  else if (postalCode.startsWith('97') || postalCode.startsWith('98')) code = postalCode.slice(0, 3);
  else code = postalCode.slice(0, 2);
  return isDepartementCode(code) ? code : null;
}
