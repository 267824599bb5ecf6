import {
  closeDesk,
  createDesk,
  type Desk,
  type Establishment,
  getEstablishment,
  getUnit,
  listDesks,
  listManagedEstablishments,
  listUnits,
  renameDesk,
  type Unit,
  updateEstablishment,
  updateUnit,
} from '@trajectoire/core';
import {
  createDeskInput,
  deskIdInput,
  directoryEstablishmentsInput,
  ESTABLISHMENT_LOCAL_FIELDS,
  ESTABLISHMENT_ROR_FIELDS,
  establishmentIdInput,
  ofEstablishmentInput,
  renameDeskInput,
  SYNC_STATES,
  UNIT_LOCAL_FIELDS,
  UNIT_ROR_FIELDS,
  unitIdInput,
  updateEstablishmentInput,
  updateUnitInput,
} from '@trajectoire/domain';
import { z } from 'zod';
import { protectedProcedure, router } from '../trpc';

const iso = (date: Date | null) => date?.toISOString() ?? null;

const syncState = z.enum(SYNC_STATES);
const establishmentField = z.enum([...ESTABLISHMENT_ROR_FIELDS, ...ESTABLISHMENT_LOCAL_FIELDS]);
const unitField = z.enum([...UNIT_ROR_FIELDS, ...UNIT_LOCAL_FIELDS]);
const capacityUnit = z.enum(['BEDS', 'PLACES']).nullable();

/** A line of ADMINISTRATION → « Etablissements ». */
export const establishmentSummaryOutput = z.object({
  id: z.string(),
  finess: z.string(),
  name: z.string(),
  city: z.string().nullable(),
  departement: z.string(),
  syncState,
  /** Why the last sync failed, while `syncState` is `ERROR`. */
  syncError: z.string().nullable(),
  /** When it was last synchronised (ISO instant). */
  syncedAt: z.string().nullable(),
  closed: z.boolean(),
  may: z.object({ edit: z.boolean() }),
});

/** « Informations générales ». `updatedAt` goes back as `expectedUpdatedAt` with a change. */
export const establishmentOutput = z.object({
  id: z.string(),
  finess: z.string(),
  name: z.string(),
  legalEntityFiness: z.string().nullable(),
  legalEntityName: z.string().nullable(),
  category: z.string(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  departement: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  description: z.string(),
  accessItinerary: z.string(),
  syncState,
  syncError: z.string().nullable(),
  syncedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const unitSummaryOutput = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  internalCode: z.string(),
  capacity: z.number().nullable(),
  capacityUnit,
  closed: z.boolean(),
  rorId: z.string().nullable(),
  may: z.object({ edit: z.boolean() }),
});

/** A unit's « Modifier ». `syncState` is its establishment's. */
export const unitOutput = z.object({
  id: z.string(),
  establishmentId: z.string(),
  establishmentName: z.string(),
  syncState,
  name: z.string(),
  kind: z.string(),
  internalCode: z.string(),
  description: z.string(),
  offerType: z.string().nullable(),
  activityField: z.string().nullable(),
  operationalActivities: z.array(z.string()),
  careModes: z.array(z.string()),
  publics: z.array(z.string()),
  capacity: z.number().nullable(),
  capacityUnit,
  capacities: z.array(z.object({ nature: z.string(), status: z.string(), count: z.number() })),
  rorResources: z.array(z.string()),
  localResources: z.array(z.string()),
  rorComfortServices: z.array(z.string()),
  localComfortServices: z.array(z.string()),
  pathologies: z.array(z.string()),
  filiere: z.string(),
  coverage: z.array(z.string()),
  rorId: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const deskOutput = z.object({
  id: z.string(),
  establishmentId: z.string(),
  name: z.string(),
  closed: z.boolean(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
});

function establishmentOut(e: Establishment): z.infer<typeof establishmentOutput> {
  const { rorId: _rorId, ...rest } = e;
  return { ...rest, syncedAt: iso(e.syncedAt), closedAt: iso(e.closedAt), updatedAt: e.updatedAt.toISOString() };
}

function unitOut(u: Unit): z.infer<typeof unitOutput> {
  return { ...u, closedAt: iso(u.closedAt), updatedAt: u.updatedAt.toISOString() };
}

function deskOut(d: Desk): z.infer<typeof deskOutput> {
  return { ...d, closedAt: iso(d.closedAt), updatedAt: d.updatedAt.toISOString() };
}

/**
 * The directory as référents keep it (ADMINISTRATION → « Etablissements »). Every procedure is
 * authorized in the service: an administrator everything; a Référent structure its
 * establishments, their units and desks; a Référent unité reads its units' establishments and
 * edits its units only; anyone else FORBIDDEN.
 */
export const directoryRouter = router({
  /** The establishments the caller manages, 50 a page (`nextCursor` for the next). */
  establishments: protectedProcedure
    .input(directoryEstablishmentsInput)
    .output(z.object({ items: z.array(establishmentSummaryOutput), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await listManagedEstablishments(ctx.deps, ctx.caller.viewer, input ?? {});
      return { items: page.items.map((e) => ({ ...e, syncedAt: iso(e.syncedAt) })), nextCursor: page.nextCursor };
    }),

  /** One establishment; `readOnly`: the fields the ROR holds while it is linked to it. */
  establishment: protectedProcedure
    .input(establishmentIdInput)
    .output(
      z.object({
        establishment: establishmentOutput,
        readOnly: z.array(establishmentField),
        may: z.object({ edit: z.boolean(), sync: z.boolean(), manageDesks: z.boolean() }),
      }),
    )
    .query(async ({ ctx, input }) => {
      const found = await getEstablishment(ctx.deps, ctx.caller.viewer, input.id);
      return { ...found, establishment: establishmentOut(found.establishment) };
    }),

  /**
   * Saves « Informations générales »: BAD_REQUEST `DIRECTORY_FIELD_FROM_ROR` (details.fields) for
   * a field the ROR holds, CONFLICT `DIRECTORY_STALE` when changed since `expectedUpdatedAt`.
   */
  updateEstablishment: protectedProcedure
    .input(updateEstablishmentInput)
    .output(establishmentOutput)
    .mutation(async ({ ctx, input }) =>
      establishmentOut(await updateEstablishment(ctx.deps, ctx.caller.viewer, input, ctx.meta)),
    ),

  /** « Unités de soins »: all of them, or a Référent unité's own. */
  units: protectedProcedure
    .input(ofEstablishmentInput)
    .output(z.object({ items: z.array(unitSummaryOutput) }))
    .query(({ ctx, input }) => listUnits(ctx.deps, ctx.caller.viewer, input.establishmentId)),

  /** One unit; `readOnly`: the ROR's fields while linked, coverage but for HAD units; `may.edit` false once closed. */
  unit: protectedProcedure
    .input(unitIdInput)
    .output(z.object({ unit: unitOutput, readOnly: z.array(unitField), may: z.object({ edit: z.boolean() }) }))
    .query(async ({ ctx, input }) => {
      const found = await getUnit(ctx.deps, ctx.caller.viewer, input.id);
      return { ...found, unit: unitOut(found.unit) };
    }),

  /** Saves a unit: the same refusals as an establishment, and BAD_REQUEST `DIRECTORY_CLOSED` on a closed unit. */
  updateUnit: protectedProcedure
    .input(updateUnitInput)
    .output(unitOutput)
    .mutation(async ({ ctx, input }) => unitOut(await updateUnit(ctx.deps, ctx.caller.viewer, input, ctx.meta))),

  /** The admission desks (guichets), open ones first: Référent structure or administrator. */
  desks: protectedProcedure
    .input(ofEstablishmentInput)
    .output(z.object({ items: z.array(deskOutput) }))
    .query(async ({ ctx, input }) => {
      const { items } = await listDesks(ctx.deps, ctx.caller.viewer, input.establishmentId);
      return { items: items.map(deskOut) };
    }),

  createDesk: protectedProcedure
    .input(createDeskInput)
    .output(deskOutput)
    .mutation(async ({ ctx, input }) => deskOut(await createDesk(ctx.deps, ctx.caller.viewer, input, ctx.meta))),

  renameDesk: protectedProcedure
    .input(renameDeskInput)
    .output(deskOutput)
    .mutation(async ({ ctx, input }) => deskOut(await renameDesk(ctx.deps, ctx.caller.viewer, input, ctx.meta))),

  /** Closes a desk: its habilitations stay, no new one is granted on it. */
  closeDesk: protectedProcedure
    .input(deskIdInput)
    .output(deskOutput)
    .mutation(async ({ ctx, input }) => deskOut(await closeDesk(ctx.deps, ctx.caller.viewer, input.id, ctx.meta))),
});
