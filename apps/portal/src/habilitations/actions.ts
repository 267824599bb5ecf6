import { action, json } from '@solidjs/router';
import { changeHabilitationEndInput, grantHabilitationsInput, type Prolongation } from '@trajectoire/domain';
import { TRPCClientError } from '@trpc/client';
import { attempt, fieldErrorsOf, type Outcome, toFormError } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { getReview } from './queries';

/** What the grant dialog holds: each choice as typed, '' when none. */
export interface GrantForm {
  profile: string;
  domain: string;
  level: string;
  establishmentId: string;
  unitIds: string[];
  admissionDeskId: string;
  endsOn: string;
  /** Privileges changed from the profile's defaults, by key: `dashboard`, `sections.MEDICAL`, … */
  choices: Record<string, string | boolean>;
}

export const SECTIONS = ['ORIENTATION', 'MEDICAL', 'ADMINISTRATIF'] as const;

/**
 * The answer, and the review's cached pages read again when habilitations changed. Nothing else
 * is: the pickers' lists stay as they are, and an account's page refreshes its own query.
 */
function answer<T>(outcome: Outcome<T>, changed = !outcome.error) {
  return json(outcome, { revalidate: changed ? [getReview.key] : [] });
}

function grantInput(accountIds: readonly string[], form: GrantForm) {
  const c = form.choices;
  const sections: Record<string, string> = {};
  for (const s of SECTIONS) if (typeof c[`sections.${s}`] === 'string') sections[s] = c[`sections.${s}`] as string;
  return {
    accountIds: [...accountIds],
    profile: form.profile || undefined,
    domain: form.domain || undefined,
    level: form.level || undefined,
    establishmentId: form.establishmentId || undefined,
    unitIds: form.level === 'UNIT' ? form.unitIds : [],
    ...(form.level === 'ADMISSION_DESK' && form.admissionDeskId ? { admissionDeskId: form.admissionDeskId } : {}),
    ...(form.endsOn ? { endsOn: form.endsOn } : {}),
    privileges: {
      ...(typeof c.dashboard === 'string' ? { dashboard: c.dashboard } : {}),
      ...(Object.keys(sections).length > 0 ? { sections } : {}),
      ...(typeof c.sendRequests === 'boolean' ? { sendRequests: c.sendRequests } : {}),
      ...(typeof c.teleExpertise === 'boolean' ? { teleExpertise: c.teleExpertise } : {}),
    },
  };
}

/** Who received the habilitation, who held it already. */
export type GrantAnswer = Awaited<ReturnType<typeof trpc.habilitations.grant.mutate>>;

/** An account the server refused to grant to; the whole grant is then refused. */
export interface RefusedAccount {
  accountId: string;
  name: string;
  reason: 'SELF' | 'OUT_OF_SCOPE';
}

export type GrantOutcome = Outcome<GrantAnswer> & { refused?: readonly RefusedAccount[] };

/** The accounts a refusal names (`details.refusedAccounts`), if it names any. */
function refusedAccountsOf(error: unknown): RefusedAccount[] | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const listed: unknown = (error.data as { details?: { refusedAccounts?: unknown } } | undefined)?.details
    ?.refusedAccounts;
  if (!Array.isArray(listed)) return undefined;
  return listed.filter(
    (r): r is RefusedAccount =>
      typeof r?.accountId === 'string' &&
      typeof r?.name === 'string' &&
      (r?.reason === 'SELF' || r?.reason === 'OUT_OF_SCOPE'),
  );
}

/** « Fermer » in « Ajouter une habilitation », for one account or a selection: checked here with the server's own schema, then granted. */
export const grantHabilitations = action(async (accountIds: readonly string[], form: GrantForm) => {
  const parsed = grantHabilitationsInput.safeParse(grantInput(accountIds, form));
  if (!parsed.success) return answer<GrantAnswer>({ error: fieldErrorsOf(parsed.error.issues) });
  try {
    return answer<GrantAnswer>({ done: await trpc.habilitations.grant.mutate(parsed.data) });
  } catch (error) {
    const refused = refusedAccountsOf(error);
    return json({ error: toFormError(error), ...(refused ? { refused } : {}) } as GrantOutcome, { revalidate: [] });
  }
}, 'grant-habilitations');

/** The calendar: « 6 mois » … « 5 ans » from today, or a chosen end date. */
export const changeHabilitationEnd = action(
  async (id: string, change: { prolongation: Prolongation } | { endsOn: string }) => {
    const parsed = changeHabilitationEndInput.safeParse({ id, change });
    if (!parsed.success) return answer<{ endsOn: string }>({ error: fieldErrorsOf(parsed.error.issues) });
    return answer(await attempt(() => trpc.habilitations.changeEnd.mutate(parsed.data)));
  },
  'change-habilitation-end',
);

/** The red cross, once confirmed. A refusal refreshes the list too: the habilitation may be gone already. */
export const deleteHabilitation = action(
  async (id: string) => answer(await attempt(() => trpc.habilitations.delete.mutate({ id })), true),
  'delete-habilitation',
);

/** « Réception des e-mails », ticked by a référent for someone else's habilitation. */
export const setEmailReception = action(
  async (id: string, receiveEmails: boolean) =>
    answer(await attempt(() => trpc.habilitations.setEmails.mutate({ id, receiveEmails }))),
  'set-email-reception',
);
