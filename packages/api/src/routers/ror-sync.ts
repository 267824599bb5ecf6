import { getRorSyncRun, listRorSyncRuns, startEstablishmentSync, startRorSync } from '@trajectoire/core';
import { safeString } from '@trajectoire/domain';
import { z } from 'zod';
import { protectedProcedure, router } from '../trpc';

const runKind = z.enum(['FULL', 'DELTA', 'ESTABLISHMENT']);
const runState = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']);

/** A run as listed: its report so far (counts are final once SUCCEEDED or FAILED). */
const runSummaryOutput = z.object({
  id: z.string(),
  kind: runKind,
  /** ESTABLISHMENT runs only. */
  establishmentId: z.string().nullable(),
  establishmentName: z.string().nullable(),
  state: runState,
  /** What it is doing: EXPORT, STAGING, MERGE, CLOSING, PAGES, DONE. */
  phase: z.string().nullable(),
  /** Files (full load) or pages (delta, establishment) done out of the total, when known. */
  progressDone: z.number(),
  progressTotal: z.number().nullable(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  closed: z.number(),
  errorCount: z.number(),
  /** Why it stopped, in French, when FAILED. */
  failure: z.string().nullable(),
  /** The ROR window it read (ISO), when known. */
  since: z.string().nullable(),
  until: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});

const runErrorOutput = z.object({ resourceType: z.string(), resourceId: z.string(), reason: z.string() });

const uuid = z.uuid({ message: 'Identifiant invalide.' });

/**
 * The ROR synchronisation: start a run, follow it, read its report. Authorized in core: a FULL or
 * DELTA run is a national administrator's; an establishment's run is also its Référent structure's,
 * who reads only her establishments' runs.
 */
export const rorSyncRouter = router({
  start: protectedProcedure
    .input(z.object({ kind: z.enum(['FULL', 'DELTA']) }))
    .output(z.object({ runId: z.string() }))
    .mutation(({ ctx, input }) => startRorSync(ctx.deps, ctx.caller.viewer, input)),

  startEstablishment: protectedProcedure
    .input(z.object({ establishmentId: uuid }))
    .output(z.object({ runId: z.string() }))
    .mutation(({ ctx, input }) => startEstablishmentSync(ctx.deps, ctx.caller.viewer, input)),

  runs: protectedProcedure
    .input(z.object({ cursor: safeString().max(100, 'Page inconnue.').nullish() }).optional())
    .output(z.object({ items: z.array(runSummaryOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listRorSyncRuns(ctx.deps, ctx.caller.viewer, input ?? {})),

  run: protectedProcedure
    .input(
      z.object({
        id: uuid,
        errorsCursor: safeString()
          .regex(/^\d{1,19}$/, 'Page inconnue.')
          .nullish(),
      }),
    )
    .output(
      runSummaryOutput.extend({
        errors: z.array(runErrorOutput),
        /** Pass back as `errorsCursor` for the next page of errors; null at the end. */
        errorsCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => getRorSyncRun(ctx.deps, ctx.caller.viewer, input)),
});
