/** Domains of care a habilitation applies to (« domaine d'accès »). */
export const DOMAINS = ['SANITAIRE', 'GRAND_AGE', 'HANDICAP', 'CPAM', 'TND'] as const;
export type Domain = (typeof DOMAINS)[number];

export const DOMAIN_LABELS: Record<Domain, string> = {
  SANITAIRE: 'Sanitaire',
  GRAND_AGE: 'Grand Âge',
  HANDICAP: 'Handicap',
  CPAM: 'CPAM',
  TND: 'TND',
};

/** Where a habilitation applies: a whole establishment, one unit, or an admission desk. */
export const LEVELS = ['ESTABLISHMENT', 'UNIT', 'ADMISSION_DESK'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, string> = {
  ESTABLISHMENT: 'Établissement',
  UNIT: 'Unité',
  ADMISSION_DESK: "Guichet d'admission",
};

export const PROFILE_CODES = [
  'PRESCRIPTEUR_MEDICAL',
  'EQUIPE_SOIGNANTE',
  'GESTIONNAIRE_ADMINISTRATIF',
  'RESPONSABLE_ADMISSIONS',
  'REGULATEUR',
  'REFERENT_STRUCTURE',
  'REFERENT_UNITE',
] as const;
export type ProfileCode = (typeof PROFILE_CODES)[number];

export interface Profile {
  code: ProfileCode;
  label: string;
  /** Requesters orient patients, receivers answer requests, referents administer. */
  role: 'REQUESTER' | 'RECEIVER' | 'REGULATOR' | 'REFERENT';
  domains: readonly Domain[];
  levels: readonly Level[];
}

const ALL_DOMAINS = DOMAINS;

// From the seed sheet « La gestion des droits ViaTrajectoire Sanitaire ».
export const PROFILES: Readonly<Record<ProfileCode, Profile>> = {
  PRESCRIPTEUR_MEDICAL: {
    code: 'PRESCRIPTEUR_MEDICAL',
    label: 'Prescripteur médical',
    role: 'REQUESTER',
    domains: ['SANITAIRE', 'GRAND_AGE'],
    levels: ['ESTABLISHMENT', 'UNIT'],
  },
  EQUIPE_SOIGNANTE: {
    code: 'EQUIPE_SOIGNANTE',
    label: 'Équipe soignante',
    role: 'REQUESTER',
    domains: ['SANITAIRE', 'GRAND_AGE'],
    levels: ['ESTABLISHMENT', 'UNIT'],
  },
  GESTIONNAIRE_ADMINISTRATIF: {
    code: 'GESTIONNAIRE_ADMINISTRATIF',
    label: 'Gestionnaire administratif et social',
    role: 'REQUESTER',
    domains: ['SANITAIRE', 'GRAND_AGE'],
    levels: ['ESTABLISHMENT', 'UNIT'],
  },
  RESPONSABLE_ADMISSIONS: {
    code: 'RESPONSABLE_ADMISSIONS',
    label: 'Responsable des admissions',
    role: 'RECEIVER',
    domains: ['SANITAIRE'],
    levels: ['UNIT', 'ADMISSION_DESK'],
  },
  REGULATEUR: {
    code: 'REGULATEUR',
    label: 'Régulateur',
    role: 'REGULATOR',
    domains: ['SANITAIRE'],
    levels: ['ESTABLISHMENT'],
  },
  REFERENT_STRUCTURE: {
    code: 'REFERENT_STRUCTURE',
    label: 'Référent structure',
    role: 'REFERENT',
    domains: ALL_DOMAINS,
    levels: ['ESTABLISHMENT'],
  },
  REFERENT_UNITE: {
    code: 'REFERENT_UNITE',
    label: 'Référent unité',
    role: 'REFERENT',
    domains: ALL_DOMAINS,
    levels: ['UNIT'],
  },
};

export function isProfileCode(value: string): value is ProfileCode {
  return (PROFILE_CODES as readonly string[]).includes(value);
}

export function profileLabel(code: string): string {
  return isProfileCode(code) ? PROFILES[code].label : code;
}
