import type { trpc } from '../lib/trpc';

/** A run with its report so far, and one page of its errors. */
export type RunReport = Awaited<ReturnType<typeof trpc.rorSync.run.query>>;
export type RunPage = Awaited<ReturnType<typeof trpc.rorSync.runs.query>>;
export type RunSummary = RunPage['items'][number];
export type RunError = RunReport['errors'][number];
