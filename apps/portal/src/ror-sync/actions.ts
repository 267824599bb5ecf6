import { action } from '@solidjs/router';
import { attempt, type Outcome } from '../lib/errors';
import { trpc } from '../lib/trpc';

/** « Chargement complet » or « Mise à jour incrémentale », once confirmed. */
export const startRun = action(
  (kind: 'FULL' | 'DELTA'): Promise<Outcome<{ runId: string }>> => attempt(() => trpc.rorSync.start.mutate({ kind })),
  'ror-sync-start',
);

/** « Synchroniser avec le ROR » on an establishment's page. */
export const startEstablishmentRun = action(
  (establishmentId: string): Promise<Outcome<{ runId: string }>> =>
    attempt(() => trpc.rorSync.startEstablishment.mutate({ establishmentId })),
  'ror-sync-start-establishment',
);
