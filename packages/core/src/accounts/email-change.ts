import type { DB } from '@trajectoire/db';
import { emailChangeConfirmationMail, emailChangeRequestedMail } from '@trajectoire/notifications';
import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import { enqueue } from '../jobs/map';
import type { Notifier } from '../notifier';
import {
  accountTokenSecret,
  findAccountToken,
  issueAccountToken,
  retireAccountTokens,
  useAccountToken,
} from '../shared/account-tokens';
import { AppError } from '../shared/errors';
import { type Delivery, sendOnce } from './deliveries';
import * as dq from './queries';

/*
 * An e-mail changed by someone else than the holder (a référent, an administrator) takes effect
 * only once the new address has confirmed it: until then every link and code still goes to the
 * current address, whose holder is told of the request and may cancel it. Otherwise whoever can
 * edit the account could redirect « Mot de passe oublié ? » and the sign-in codes to themselves.
 */

export const EMAIL_CHANGE_LINK_LIFETIME_MS = 7 * 24 * 3_600_000;

const CONFIRM_MESSAGES = {
  invalid:
    "Ce lien de confirmation est invalide. Vérifiez qu'il a été copié en entier, ou demandez à votre référent de refaire le changement d'adresse e-mail.",
  used: "Ce lien n'est plus valable : il a déjà servi, ou la demande a été annulée ou remplacée par une demande plus récente.",
  expired:
    "Ce lien a expiré (il était valable 7 jours). Demandez à votre référent de refaire le changement d'adresse e-mail.",
  taken:
    "Cette adresse e-mail est désormais celle d'un autre compte actif : elle ne peut pas remplacer l'adresse de ce compte. Contactez votre référent.",
};

const CANCEL_MESSAGES = {
  invalid: "Ce lien d'annulation est invalide. Vérifiez qu'il a été copié en entier, ou contactez votre référent.",
  used: "Ce lien n'est plus valable : la demande a déjà été annulée, confirmée ou remplacée par une demande plus récente. En cas de doute, contactez votre référent.",
  expired: "Ce lien a expiré : la demande n'a pas été confirmée à temps, votre adresse e-mail reste inchangée.",
};

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === constraint;
}

/** Whatever change is pending is dropped: its confirmation link and its cancellation link. */
export async function retirePendingEmailChange(trx: Transaction<DB>, accountId: string, now: Date): Promise<void> {
  await retireAccountTokens(trx, accountId, 'EMAIL_CHANGE', now);
  await retireAccountTokens(trx, accountId, 'EMAIL_CHANGE_CANCEL', now);
}

/** The address waiting for its confirmation, if any. */
export async function findPendingEmail(deps: CoreDeps, accountId: string): Promise<string | null> {
  return dq.findPendingEmailChange(deps.db, accountId, deps.clock.now());
}

/**
 * Records the request (the caller has checked that no other active account uses the address):
 * a link to the new address, a notice with a cancellation link to the current one. A newer
 * request replaces the pending one.
 */
export async function requestEmailChange(
  deps: CoreDeps,
  actorAccountId: string,
  accountId: string,
  newEmail: string,
  meta: RequestMeta,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const account = await dq.lockAccountEmail(trx, accountId);
    if (!account || account.deactivated_at) throw new AppError('NOT_FOUND', 'Compte introuvable.');
    await retirePendingEmailChange(trx, account.id, now);
    const issue = (purpose: 'EMAIL_CHANGE' | 'EMAIL_CHANGE_CANCEL') =>
      issueAccountToken(trx, deps.config.appSecret, {
        accountId: account.id,
        purpose,
        target: newEmail,
        now,
        lifetimeMs: EMAIL_CHANGE_LINK_LIFETIME_MS,
      });
    const confirmation = await issue('EMAIL_CHANGE');
    const cancellation = await issue('EMAIL_CHANGE_CANCEL');
    const auditId = await recordAudit(trx, {
      action: 'ACCOUNT_EMAIL_CHANGE_REQUESTED',
      at: now,
      actorAccountId,
      subjectAccountId: account.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { before: { email: account.email }, after: { pendingEmail: newEmail } },
    });
    await enqueue(trx, 'account__send_email_change_confirmation', { tokenId: confirmation.id });
    await enqueue(trx, 'account__send_email_change_requested', {
      auditEventId: auditId,
      cancelTokenId: cancellation.id,
    });
  });
}

/**
 * The link mailed to the new address: the address replaces the account's, unless another active
 * account took it meanwhile. Reset links already mailed to the old address are retired with it.
 */
export async function confirmEmailChange(
  deps: CoreDeps,
  secret: string,
  meta: RequestMeta,
): Promise<{ email: string; username: string }> {
  const now = deps.clock.now();
  const token = await findAccountToken(deps.db, secret, 'EMAIL_CHANGE');
  if (!token?.target) throw new AppError('LINK_INVALID', CONFIRM_MESSAGES.invalid);
  if (token.used_at) throw new AppError('LINK_USED', CONFIRM_MESSAGES.used);
  if (now >= token.expires_at) throw new AppError('LINK_EXPIRED', CONFIRM_MESSAGES.expired);
  const newEmail = token.target;
  if (await dq.findActiveAccountByEmail(deps.db, newEmail, token.account_id)) {
    throw new AppError('EMAIL_IN_USE', CONFIRM_MESSAGES.taken);
  }
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const account = await dq.lockAccountEmail(trx, token.account_id);
      if (!account || account.deactivated_at) throw new AppError('LINK_INVALID', CONFIRM_MESSAGES.invalid);
      if (!(await useAccountToken(trx, token.id, now))) throw new AppError('LINK_USED', CONFIRM_MESSAGES.used);
      const username = await dq.setEmail(trx, account.id, newEmail, now);
      await retireAccountTokens(trx, account.id, 'EMAIL_CHANGE_CANCEL', now);
      await retireAccountTokens(trx, account.id, 'PASSWORD_RESET', now);
      const auditId = await recordAudit(trx, {
        action: 'ACCOUNT_EMAIL_CONFIRMED',
        at: now,
        subjectAccountId: account.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { before: { email: account.email }, after: { email: newEmail } },
      });
      await enqueue(trx, 'account__send_email_changed', { auditEventId: auditId });
      return { email: newEmail, username };
    });
  } catch (error) {
    // Another account took the address between the check and the update: the unique index decides.
    if (isUniqueViolation(error, 'accounts_active_email_key')) {
      throw new AppError('EMAIL_IN_USE', CONFIRM_MESSAGES.taken);
    }
    throw error;
  }
}

/** The link mailed to the current address: the pending change is dropped. */
export async function cancelEmailChange(deps: CoreDeps, secret: string, meta: RequestMeta): Promise<void> {
  const now = deps.clock.now();
  const token = await findAccountToken(deps.db, secret, 'EMAIL_CHANGE_CANCEL');
  if (!token) throw new AppError('LINK_INVALID', CANCEL_MESSAGES.invalid);
  if (token.used_at) throw new AppError('LINK_USED', CANCEL_MESSAGES.used);
  if (now >= token.expires_at) throw new AppError('LINK_EXPIRED', CANCEL_MESSAGES.expired);
  await deps.db.transaction().execute(async (trx) => {
    const account = await dq.lockAccountEmail(trx, token.account_id);
    if (!account) throw new AppError('LINK_INVALID', CANCEL_MESSAGES.invalid);
    if (!(await useAccountToken(trx, token.id, now))) throw new AppError('LINK_USED', CANCEL_MESSAGES.used);
    await retireAccountTokens(trx, account.id, 'EMAIL_CHANGE', now);
    await recordAudit(trx, {
      action: 'ACCOUNT_EMAIL_CHANGE_CANCELLED',
      at: now,
      subjectAccountId: account.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { email: account.email, cancelledEmail: token.target },
    });
  });
}

/** The link to the new address: skipped when the request was confirmed, cancelled, replaced or expired. */
export async function deliverEmailChangeConfirmation(
  deps: CoreDeps,
  notifier: Notifier,
  tokenId: string,
): Promise<Delivery> {
  const now = deps.clock.now();
  const token = await dq.findEmailChangeToken(deps.db, tokenId);
  if (!token?.target || token.used_at || now >= token.expires_at) return 'OBSOLETE';
  const to = token.target;
  const link = `${notifier.publicUrl}/confirmer-adresse?jeton=${accountTokenSecret(deps.config.appSecret, token.id)}`;
  return sendOnce(deps.db, `email-change-confirmation:${token.id}`, now, () =>
    notifier.mailer.send(
      emailChangeConfirmationMail({
        to,
        firstName: token.first_name,
        lastName: token.last_name,
        username: token.username,
        link,
        validDays: EMAIL_CHANGE_LINK_LIFETIME_MS / (24 * 3_600_000),
      }),
    ),
  );
}

/**
 * The notice to the address the request would replace (read from the request's audit row, so it
 * goes there even if the change was confirmed meanwhile), with the cancellation link while it works.
 */
export async function deliverEmailChangeRequested(
  deps: CoreDeps,
  notifier: Notifier,
  auditEventId: string,
  cancelTokenId: string,
): Promise<Delivery> {
  const now = deps.clock.now();
  const event = await dq.findEmailChangeRequest(deps.db, auditEventId);
  const details = event?.details as { before?: { email?: string }; after?: { pendingEmail?: string } } | undefined;
  const oldEmail = details?.before?.email;
  const newEmail = details?.after?.pendingEmail;
  if (!event?.subject_account_id || !oldEmail || !newEmail) return 'OBSOLETE';
  const cancel = await dq.findEmailChangeCancelToken(deps.db, cancelTokenId, event.subject_account_id);
  const cancelLink =
    cancel && !cancel.used_at && now < cancel.expires_at
      ? `${notifier.publicUrl}/annuler-changement-adresse?jeton=${accountTokenSecret(deps.config.appSecret, cancel.id)}`
      : null;
  const requestedBy = event.actor_first_name
    ? `${event.actor_first_name} ${event.actor_last_name} (${event.actor_national_admin ? 'administrateur' : 'référent'})`
    : 'un référent';
  return sendOnce(deps.db, `email-change-requested:${auditEventId}`, now, () =>
    notifier.mailer.send(
      emailChangeRequestedMail({
        to: oldEmail,
        firstName: event.first_name,
        username: event.username,
        newEmail,
        requestedBy,
        cancelLink,
      }),
    ),
  );
}
