import { z } from 'zod';
import { DASHBOARD_MODES, SECTION_MODES } from '../privileges';
import { DOMAINS, LEVELS, PROFILE_CODES } from '../profiles';
import { isIsoDay, PROLONGATIONS } from '../validity';
import { safeString } from './text';

const isoDay = (message: string) => safeString().refine(isIsoDay, message);
const id = (message: string) => z.uuid(message);

export const privilegeChoicesSchema = z
  .object({
    dashboard: z.enum(DASHBOARD_MODES).optional(),
    sections: z
      .object({
        ORIENTATION: z.enum(SECTION_MODES).optional(),
        MEDICAL: z.enum(SECTION_MODES).optional(),
        ADMINISTRATIF: z.enum(SECTION_MODES).optional(),
      })
      .optional(),
    sendRequests: z.boolean().optional(),
    teleExpertise: z.boolean().optional(),
  })
  .default({});

/** One grant writes at most this many habilitations, in one transaction that must stay short. */
export const MAX_GRANT_ROWS = 500;

/** « Attribuer des habilitations »: the same habilitation to one or several users at once. */
export const grantHabilitationsInput = z
  .object({
    accountIds: z
      .array(id('Utilisateur inconnu.'))
      .min(1, 'Sélectionnez au moins un utilisateur.')
      .max(200, 'Sélectionnez au plus 200 utilisateurs.'),
    profile: z.enum(PROFILE_CODES, { error: 'Choisissez un profil.' }),
    domain: z.enum(DOMAINS, { error: 'Choisissez un domaine.' }),
    level: z.enum(LEVELS, { error: "Choisissez le niveau d'application." }),
    establishmentId: id('Choisissez une structure.'),
    unitIds: z.array(id('Unité inconnue.')).max(100).default([]),
    admissionDeskId: id('Guichet inconnu.').optional(),
    startsOn: isoDay('Date de début invalide.').optional(),
    endsOn: isoDay('Date de fin invalide.').optional(),
    privileges: privilegeChoicesSchema,
  })
  .superRefine((v, ctx) => {
    if (v.level === 'UNIT' && v.unitIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'Choisissez au moins une unité.' });
    const rows = v.accountIds.length * (v.level === 'UNIT' ? Math.max(v.unitIds.length, 1) : 1);
    if (rows > MAX_GRANT_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path: ['accountIds'],
        message: `Une attribution crée au plus ${MAX_GRANT_ROWS} habilitations (utilisateurs × unités) : sélectionnez moins d'utilisateurs ou d'unités.`,
      });
    }
    if (v.level === 'ADMISSION_DESK' && !v.admissionDeskId) {
      ctx.addIssue({ code: 'custom', path: ['admissionDeskId'], message: "Choisissez un guichet d'admission." });
    }
  });

export const changeHabilitationEndInput = z.object({
  id: id('Habilitation inconnue.'),
  change: z.union([
    z.object({
      prolongation: z.enum(
        Object.keys(PROLONGATIONS) as [keyof typeof PROLONGATIONS, ...(keyof typeof PROLONGATIONS)[]],
      ),
    }),
    z.object({ endsOn: isoDay('Date de fin invalide.') }),
  ]),
});

export const habilitationRefInput = z.object({ id: id('Habilitation inconnue.') });
export const habilitationEmailsByReferentInput = z.object({
  id: id('Habilitation inconnue.'),
  receiveEmails: z.boolean(),
});

export const REVIEW_SORTS = ['NAME', 'PROFILE', 'END'] as const;

/** « Revue des habilitations »: domain, coordination and structure required; unit and profile optional. */
export const reviewFiltersSchema = z.object({
  domain: z.enum(DOMAINS, { error: 'Choisissez un domaine.' }),
  departement: safeString().trim().min(1, 'Choisissez une coordination.').max(3, 'Coordination inconnue.'),
  establishmentId: id('Choisissez une structure.'),
  unitId: id('Unité inconnue.').optional(),
  profile: z.enum(PROFILE_CODES, { error: 'Profil inconnu.' }).optional(),
});

/** « Structures »: those the caller administers, optionally in one département. */
export const structuresInput = z
  .object({ departement: safeString().trim().max(3, 'Coordination inconnue.').optional() })
  .optional();

const reviewOrder = {
  sort: z.enum(REVIEW_SORTS, { error: 'Tri inconnu.' }).default('NAME'),
  direction: z.enum(['ASC', 'DESC'], { error: 'Sens de tri inconnu.' }).default('ASC'),
};

/** « Exporter »: the review's filters and order, read from the download link's query string. */
export const reviewExportInput = reviewFiltersSchema.extend(reviewOrder);

export const reviewInput = reviewFiltersSchema.extend({
  ...reviewOrder,
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
