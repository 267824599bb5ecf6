import type { ProfileCode } from './profiles';

/** « Mode d'accès au tableau de bord »; AUCUN for référents, who have no dashboard. */
export const DASHBOARD_MODES = ['AUCUN', 'ANONYME', 'LECTURE', 'ECRITURE', 'REPONDRE'] as const;
export type DashboardMode = (typeof DASHBOARD_MODES)[number];

/** Access to one part (« volet ») of a request file. */
export const SECTION_MODES = ['AUCUN', 'ANONYME', 'LECTURE', 'ECRITURE', 'VALIDATION'] as const;
export type SectionMode = (typeof SECTION_MODES)[number];

export const REQUEST_SECTIONS = ['ORIENTATION', 'MEDICAL', 'ADMINISTRATIF'] as const;
export type RequestSection = (typeof REQUEST_SECTIONS)[number];

export const MODE_LABELS: Record<DashboardMode | SectionMode, string> = {
  AUCUN: 'Aucun accès',
  ANONYME: 'Anonyme',
  LECTURE: 'Lecture',
  ECRITURE: 'Écriture',
  REPONDRE: 'Répondre',
  VALIDATION: 'Validation',
};

export const SECTION_LABELS: Record<RequestSection, string> = {
  ORIENTATION: 'Volet Orientation',
  MEDICAL: 'Volet Médical',
  ADMINISTRATIF: 'Volet Administratif',
};

/** The privileges an habilitation carries, as stored with it. */
export interface Privileges {
  dashboard: DashboardMode;
  sections: Record<RequestSection, SectionMode>;
  sendRequests: boolean;
  teleExpertise: boolean;
}

/** How one privilege of a profile may be set: fixed, a choice among values, or not deployed. */
export type PrivilegeRule<T> =
  | { kind: 'FIXED'; value: T }
  | { kind: 'CHOICE'; default: T; allowed: readonly T[] }
  | { kind: 'NOT_DEPLOYED'; value: T };

export interface PrivilegeRules {
  dashboard: PrivilegeRule<DashboardMode>;
  sections: Record<RequestSection, PrivilegeRule<SectionMode>>;
  sendRequests: PrivilegeRule<boolean>;
  teleExpertise: PrivilegeRule<boolean>;
}

export const PRIVILEGE_LABELS = {
  dashboard: 'Tableau de bord',
  sendRequests: 'Envoyer les demandes',
  teleExpertise: 'Télé-expertise',
} as const;

const fixed = <T>(value: T): PrivilegeRule<T> => ({ kind: 'FIXED', value });
const choice = <T>(defaultValue: T, allowed: readonly T[]): PrivilegeRule<T> => ({
  kind: 'CHOICE',
  default: defaultValue,
  allowed,
});
const notDeployed = <T>(value: T): PrivilegeRule<T> => ({ kind: 'NOT_DEPLOYED', value });

const NO_SECTIONS = {
  ORIENTATION: fixed<SectionMode>('AUCUN'),
  MEDICAL: fixed<SectionMode>('AUCUN'),
  ADMINISTRATIF: fixed<SectionMode>('AUCUN'),
};

/**
 * What each profile may do, from the seed sheet « La gestion des droits ViaTrajectoire Sanitaire »:
 * the prescriber fills in and validates the Orientation and Medical parts; the care team fills
 * them in without validating; the administrative manager validates the Administrative part and
 * reads the medical ones; the admissions officer reads and answers; the regulator reads requests
 * without a solution; référents have no dashboard.
 */
export const PRIVILEGE_RULES: Readonly<Record<ProfileCode, PrivilegeRules>> = {
  PRESCRIPTEUR_MEDICAL: {
    dashboard: choice<DashboardMode>('ECRITURE', ['LECTURE', 'ECRITURE']),
    sections: {
      ORIENTATION: choice<SectionMode>('VALIDATION', ['ECRITURE', 'VALIDATION']),
      MEDICAL: choice<SectionMode>('VALIDATION', ['ECRITURE', 'VALIDATION']),
      ADMINISTRATIF: choice<SectionMode>('LECTURE', ['ANONYME', 'LECTURE', 'ECRITURE']),
    },
    sendRequests: choice(true, [true, false]),
    teleExpertise: notDeployed(false),
  },
  EQUIPE_SOIGNANTE: {
    dashboard: choice<DashboardMode>('ECRITURE', ['LECTURE', 'ECRITURE']),
    sections: {
      ORIENTATION: fixed<SectionMode>('ECRITURE'),
      MEDICAL: fixed<SectionMode>('ECRITURE'),
      ADMINISTRATIF: choice<SectionMode>('LECTURE', ['ANONYME', 'LECTURE', 'ECRITURE']),
    },
    sendRequests: choice(false, [true, false]),
    teleExpertise: notDeployed(false),
  },
  GESTIONNAIRE_ADMINISTRATIF: {
    dashboard: choice<DashboardMode>('ECRITURE', ['LECTURE', 'ECRITURE']),
    sections: {
      ORIENTATION: choice<SectionMode>('LECTURE', ['ANONYME', 'LECTURE']),
      MEDICAL: choice<SectionMode>('LECTURE', ['ANONYME', 'LECTURE']),
      ADMINISTRATIF: fixed<SectionMode>('VALIDATION'),
    },
    sendRequests: choice(true, [true, false]),
    teleExpertise: notDeployed(false),
  },
  RESPONSABLE_ADMISSIONS: {
    dashboard: fixed<DashboardMode>('REPONDRE'),
    sections: {
      ORIENTATION: fixed<SectionMode>('LECTURE'),
      MEDICAL: choice<SectionMode>('LECTURE', ['ANONYME', 'LECTURE']),
      ADMINISTRATIF: choice<SectionMode>('LECTURE', ['ANONYME', 'LECTURE']),
    },
    sendRequests: fixed(false),
    teleExpertise: notDeployed(false),
  },
  REGULATEUR: {
    dashboard: fixed<DashboardMode>('LECTURE'),
    sections: {
      ORIENTATION: fixed<SectionMode>('LECTURE'),
      MEDICAL: choice<SectionMode>('ANONYME', ['ANONYME', 'LECTURE']),
      ADMINISTRATIF: choice<SectionMode>('ANONYME', ['ANONYME', 'LECTURE']),
    },
    sendRequests: fixed(false),
    teleExpertise: notDeployed(false),
  },
  REFERENT_STRUCTURE: {
    dashboard: fixed<DashboardMode>('AUCUN'),
    sections: NO_SECTIONS,
    sendRequests: fixed(false),
    teleExpertise: fixed(false),
  },
  REFERENT_UNITE: {
    dashboard: fixed<DashboardMode>('AUCUN'),
    sections: NO_SECTIONS,
    sendRequests: fixed(false),
    teleExpertise: fixed(false),
  },
};

function ruleValue<T>(rule: PrivilegeRule<T>): T {
  return rule.kind === 'CHOICE' ? rule.default : rule.value;
}

export function defaultPrivileges(profile: ProfileCode): Privileges {
  const rules = PRIVILEGE_RULES[profile];
  return {
    dashboard: ruleValue(rules.dashboard),
    sections: {
      ORIENTATION: ruleValue(rules.sections.ORIENTATION),
      MEDICAL: ruleValue(rules.sections.MEDICAL),
      ADMINISTRATIF: ruleValue(rules.sections.ADMINISTRATIF),
    },
    sendRequests: ruleValue(rules.sendRequests),
    teleExpertise: ruleValue(rules.teleExpertise),
  };
}

export interface PrivilegeChoices {
  dashboard?: DashboardMode | undefined;
  sections?: Partial<Record<RequestSection, SectionMode>> | undefined;
  sendRequests?: boolean | undefined;
  teleExpertise?: boolean | undefined;
}

export type PrivilegeProblem = { privilege: string; message: string };

function pick<T>(
  rule: PrivilegeRule<T>,
  wanted: T | undefined,
  name: string,
  label: (v: T) => string,
  problems: PrivilegeProblem[],
): T {
  const current = ruleValue(rule);
  if (wanted === undefined || wanted === current) return current;
  if (rule.kind === 'CHOICE' && rule.allowed.includes(wanted)) return wanted;
  problems.push({
    privilege: name,
    message:
      rule.kind === 'CHOICE'
        ? `« ${label(wanted)} » n'est pas permis pour ce profil (${rule.allowed.map(label).join(', ')}).`
        : rule.kind === 'NOT_DEPLOYED'
          ? 'Ce droit n’est pas déployé.'
          : 'Ce droit n’est pas modifiable pour ce profil.',
  });
  return current;
}

/** The profile's privileges with the requested customisations, or what was refused and why. */
export function resolvePrivileges(
  profile: ProfileCode,
  choices: PrivilegeChoices = {},
): { ok: true; privileges: Privileges } | { ok: false; problems: PrivilegeProblem[] } {
  const rules = PRIVILEGE_RULES[profile];
  const problems: PrivilegeProblem[] = [];
  const mode = (v: string) => MODE_LABELS[v as DashboardMode] ?? v;
  const yesNo = (v: boolean) => (v ? 'oui' : 'non');
  const privileges: Privileges = {
    dashboard: pick(rules.dashboard, choices.dashboard, 'dashboard', mode, problems),
    sections: {
      ORIENTATION: pick(
        rules.sections.ORIENTATION,
        choices.sections?.ORIENTATION,
        'sections.ORIENTATION',
        mode,
        problems,
      ),
      MEDICAL: pick(rules.sections.MEDICAL, choices.sections?.MEDICAL, 'sections.MEDICAL', mode, problems),
      ADMINISTRATIF: pick(
        rules.sections.ADMINISTRATIF,
        choices.sections?.ADMINISTRATIF,
        'sections.ADMINISTRATIF',
        mode,
        problems,
      ),
    },
    sendRequests: pick(rules.sendRequests, choices.sendRequests, 'sendRequests', yesNo, problems),
    teleExpertise: pick(rules.teleExpertise, choices.teleExpertise, 'teleExpertise', yesNo, problems),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, privileges };
}

/**
 * One line per privilege, in French, for the « Droits » popover and the export. Rows stored
 * without privileges (granted before they were recorded) read as the profile's defaults.
 */
export function describePrivileges(stored: Partial<Privileges>, profile?: string): string[] {
  const privileges: Privileges =
    stored.dashboard && stored.sections
      ? (stored as Privileges)
      : profile && profile in PRIVILEGE_RULES
        ? defaultPrivileges(profile as ProfileCode)
        : {
            dashboard: 'AUCUN',
            sections: { ORIENTATION: 'AUCUN', MEDICAL: 'AUCUN', ADMINISTRATIF: 'AUCUN' },
            sendRequests: false,
            teleExpertise: false,
          };
  const lines = [`${PRIVILEGE_LABELS.dashboard} : ${MODE_LABELS[privileges.dashboard]}`];
  for (const section of REQUEST_SECTIONS)
    lines.push(`${SECTION_LABELS[section]} : ${MODE_LABELS[privileges.sections[section]]}`);
  lines.push(`${PRIVILEGE_LABELS.sendRequests} : ${privileges.sendRequests ? 'oui' : 'non'}`);
  return lines;
}
