import type { DB } from '@trajectoire/db';
import {
  checkPassword,
  isCommonPassword,
  PASSWORD_HISTORY_DEPTH,
  PASSWORD_PROBLEM_MESSAGES,
} from '@trajectoire/domain';
import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import { enqueue } from '../jobs/map';
import { AppError } from '../shared/errors';
import { hashPassword, verifyPassword } from '../shared/passwords';
import { revokeAccountApiKeys } from './api-keys';
import * as q from './queries';

export type PasswordChangeReason = 'CHANGED' | 'RESET' | 'ACTIVATED' | 'EXPIRED';

/**
 * Checks a new password against the policy and the last passwords, and hashes it. Runs before
 * any transaction: it costs several Argon2 computations, and no row needs to be locked for it.
 */
export async function prepareNewPassword(
  deps: CoreDeps,
  account: { id: string; username: string; first_name: string; last_name: string; password_hash: string | null },
  newPassword: string,
): Promise<string> {
  const problems = checkPassword(newPassword, {
    username: account.username,
    firstName: account.first_name,
    lastName: account.last_name,
    isCommon: isCommonPassword,
  });
  if (problems.length > 0) {
    throw new AppError('WEAK_PASSWORD', problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join(' '), { problems });
  }
  const history = await q.listPreviousPasswordHashes(deps.db, account.id, PASSWORD_HISTORY_DEPTH - 1);
  const previous = [account.password_hash, ...history].filter((h): h is string => !!h);
  for (const hash of previous) {
    if (await verifyPassword(hash, newPassword)) {
      throw new AppError(
        'WEAK_PASSWORD',
        `Ce mot de passe a déjà été utilisé : choisissez-en un différent de vos ${PASSWORD_HISTORY_DEPTH} derniers.`,
        { problems: ['REUSED'] },
      );
    }
  }
  return hashPassword(newPassword);
}

/**
 * Stores the new hash, keeps the old one in the history, ends every other session, trusted
 * browser and API key of the account, and mails a confirmation: all in the caller's transaction.
 * Every way of setting a password (change, reset, activation, expired) comes through here.
 */
export async function storeNewPassword(
  trx: Transaction<DB>,
  deps: CoreDeps,
  values: {
    accountId: string;
    previousHash: string | null;
    newHash: string;
    reason: PasswordChangeReason;
    meta: RequestMeta | null;
    actorAccountId: string | null;
    keepSessionId?: string | null;
  },
): Promise<void> {
  const now = deps.clock.now();
  await q.setPasswordHash(trx, values.accountId, values.newHash, now);
  if (values.previousHash) await q.insertPasswordHistory(trx, values.accountId, values.previousHash, now);
  await q.revokeAllSessions(trx, values.accountId, now, values.keepSessionId);
  await q.revokeAllTrustedBrowsers(trx, values.accountId, now);
  await revokeAccountApiKeys(trx, {
    accountId: values.accountId,
    now,
    reason: `PASSWORD_${values.reason}`,
    actorAccountId: values.actorAccountId,
    meta: values.meta,
  });
  const action = values.reason === 'RESET' || values.reason === 'ACTIVATED' ? 'PASSWORD_RESET' : 'PASSWORD_CHANGED';
  await recordAudit(trx, {
    action,
    at: now,
    actorAccountId: values.actorAccountId,
    subjectAccountId: values.accountId,
    ip: values.meta?.ip ?? null,
    userAgent: values.meta?.userAgent ?? null,
    details: { reason: values.reason },
  });
  await enqueue(trx, 'account__send_password_changed', {
    accountId: values.accountId,
    changedAt: now.toISOString(),
  });
}
