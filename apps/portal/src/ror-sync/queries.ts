import { query } from '@solidjs/router';
import { attempt } from '../lib/errors';
import { trpc } from '../lib/trpc';

/** The latest runs, newest first. */
export const getRuns = query(() => attempt(() => trpc.rorSync.runs.query({ cursor: null })), 'ror-sync-runs');

/** One run's report, with the first page of its errors. */
export const getRun = query((id: string) => attempt(() => trpc.rorSync.run.query({ id })), 'ror-sync-run');
