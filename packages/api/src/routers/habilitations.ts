import {
  administeredStructures,
  changeHabilitationEnd,
  deleteHabilitation,
  grantHabilitations,
  reviewHabilitations,
  setHabilitationEmails,
} from '@trajectoire/core';
import {
  changeHabilitationEndInput,
  DASHBOARD_MODES,
  defaultPrivileges,
  describePrivileges,
  expiryLevel,
  grantHabilitationsInput,
  habilitationEmailsByReferentInput,
  habilitationRefInput,
  LEVELS,
  MODE_LABELS,
  PRIVILEGE_RULES,
  PROFILE_CODES,
  PROFILES,
  type Privileges,
  parisDate,
  profileLabel,
  reviewInput,
  SECTION_MODES,
  structuresInput,
  validityState,
} from '@trajectoire/domain';
import { z } from 'zod';
import { habilitationActionsOutput, ok, validityStateOutput } from '../outputs';
import { protectedProcedure, router } from '../trpc';

const rule = <T extends z.ZodTypeAny>(value: T) =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('FIXED'), value }),
    z.object({ kind: z.literal('CHOICE'), default: value, allowed: z.array(value) }),
    z.object({ kind: z.literal('NOT_DEPLOYED'), value }),
  ]);
const dashboard = z.enum(DASHBOARD_MODES);
const section = z.enum(SECTION_MODES);

const privilegesOutput = z.object({
  dashboard,
  sections: z.object({ ORIENTATION: section, MEDICAL: section, ADMINISTRATIF: section }),
  sendRequests: z.boolean(),
  teleExpertise: z.boolean(),
});

const catalogueOutput = z.object({
  profiles: z.array(
    z.object({
      code: z.enum(PROFILE_CODES),
      label: z.string(),
      domains: z.array(z.string()),
      levels: z.array(z.enum(LEVELS)),
      rules: z.object({
        dashboard: rule(dashboard),
        sections: z.object({ ORIENTATION: rule(section), MEDICAL: rule(section), ADMINISTRATIF: rule(section) }),
        sendRequests: rule(z.boolean()),
        teleExpertise: rule(z.boolean()),
      }),
      defaults: privilegesOutput,
    }),
  ),
  modeLabels: z.record(z.string(), z.string()),
});

const reviewRowOutput = z.object({
  id: z.string(),
  accountId: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  username: z.string(),
  profile: z.string(),
  profileLabel: z.string(),
  level: z.enum(LEVELS),
  establishmentName: z.string(),
  unitName: z.string().nullable(),
  /** The unit is closed (« Unité fermée »): its habilitations stay, none is granted there any more. */
  unitClosed: z.boolean(),
  admissionDeskName: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  expiry: z.enum(['RED', 'ORANGE']).nullable(),
  receiveEmails: z.boolean(),
  privileges: z.array(z.string()),
  state: validityStateOutput,
  may: habilitationActionsOutput,
});

/** An account named as in a refusal: « Prénom Nom (nom.utilisateur) ». */
const recipientOutput = z.object({ accountId: z.string(), name: z.string() });

export const habilitationsRouter = router({
  /** Profiles and their privileges, as data: fixed ones are shown locked, the others as choices. */
  catalogue: protectedProcedure.output(catalogueOutput).query(() => ({
    profiles: PROFILE_CODES.map((code) => ({
      code,
      label: PROFILES[code].label,
      domains: [...PROFILES[code].domains],
      levels: [...PROFILES[code].levels],
      rules: PRIVILEGE_RULES[code] as z.infer<typeof catalogueOutput>['profiles'][number]['rules'],
      defaults: defaultPrivileges(code),
    })),
    modeLabels: MODE_LABELS,
  })),

  /** The structures (with units and desks) the caller administers, optionally in one département. */
  structures: protectedProcedure
    .input(structuresInput)
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          departement: z.string(),
          finess: z.string(),
          wholeEstablishment: z.boolean(),
          /** Closed ones included (the review reads their habilitations); nothing is granted on them. */
          units: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), closed: z.boolean() })),
          admissionDesks: z.array(z.object({ id: z.string(), name: z.string(), closed: z.boolean() })),
          /** The profiles the caller may grant there, each with the levels it may grant it at. */
          profiles: z.array(z.object({ code: z.enum(PROFILE_CODES), levels: z.array(z.enum(LEVELS)) })),
        }),
      ),
    )
    .query(({ ctx, input }) => administeredStructures(ctx.deps, ctx.caller.viewer, input?.departement)),

  /**
   * Gives one habilitation to several users at once (« Fermer » in the portal): `granted` received
   * it, `alreadyHolding` held it already (on `unitNames`, for a grant on units) and were left as is.
   */
  grant: protectedProcedure
    .input(grantHabilitationsInput)
    .output(
      z.object({
        ids: z.array(z.string()),
        startsOn: z.string(),
        endsOn: z.string(),
        granted: z.array(recipientOutput),
        alreadyHolding: z.array(recipientOutput.extend({ unitNames: z.array(z.string()) })),
      }),
    )
    .mutation(({ ctx, input }) => grantHabilitations(ctx.deps, ctx.caller.viewer, input, ctx.meta)),

  /** The calendar: prolong or reduce. */
  changeEnd: protectedProcedure
    .input(changeHabilitationEndInput)
    .output(z.object({ startsOn: z.string(), endsOn: z.string() }))
    .mutation(({ ctx, input }) => changeHabilitationEnd(ctx.deps, ctx.caller.viewer, input.id, input.change, ctx.meta)),

  delete: protectedProcedure
    .input(habilitationRefInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteHabilitation(ctx.deps, ctx.caller.viewer, input.id, ctx.meta, 'REFERENT');
      return { ok: true as const };
    }),

  setEmails: protectedProcedure
    .input(habilitationEmailsByReferentInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setHabilitationEmails(ctx.deps, ctx.caller.viewer, input.id, input.receiveEmails, ctx.meta, 'REFERENT');
      return { ok: true as const };
    }),

  /** « Revue des habilitations ». */
  review: protectedProcedure
    .input(reviewInput)
    .output(z.object({ total: z.number(), rows: z.array(reviewRowOutput) }))
    .query(async ({ ctx, input }) => {
      const today = parisDate(ctx.deps.clock.now());
      const page = await reviewHabilitations(ctx.deps, ctx.caller.viewer, input);
      return {
        total: page.total,
        rows: page.rows.map((r) => ({
          ...r,
          profileLabel: profileLabel(r.profile),
          expiry: expiryLevel(r.endsOn, today),
          state: validityState(r, today),
          privileges: describePrivileges(r.privileges as Privileges, r.profile),
        })),
      };
    }),
});
