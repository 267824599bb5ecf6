import { type Authorization, authorize, parisDate } from '@trajectoire/domain';
import type { CoreDeps } from '../deps';
import {
  findViewerAccount,
  type HabilitationView,
  listHabilitationsOfAccount,
  toViewerAccount,
  type ViewerAccount,
} from './queries';

export interface Viewer {
  account: ViewerAccount;
  habilitations: HabilitationView[];
  authorization: Authorization;
}

/**
 * Who is calling and what they may do today. Read from the database on every request:
 * a habilitation that ended, or an account blocked a second ago, grants nothing.
 */
export async function loadViewer(deps: CoreDeps, accountId: string): Promise<Viewer | undefined> {
  // Two independent reads on every request: side by side, not one after the other.
  const [account, habilitations] = await Promise.all([
    findViewerAccount(deps.db, accountId),
    listHabilitationsOfAccount(deps.db, accountId),
  ]);
  if (!account || account.blocked) return undefined;
  const authorization = authorize(account, habilitations, parisDate(deps.clock.now()));
  return { account, habilitations, authorization };
}

/** Builds the viewer from rows already read (the credential's account and its habilitations). */
export function viewerFrom(
  deps: CoreDeps,
  accountRow: Parameters<typeof toViewerAccount>[0],
  habilitations: HabilitationView[],
): Viewer | undefined {
  const account = toViewerAccount(accountRow);
  if (account.blocked) return undefined;
  return { account, habilitations, authorization: authorize(account, habilitations, parisDate(deps.clock.now())) };
}
