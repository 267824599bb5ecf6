import type { Database } from '@trajectoire/db';
import {
  emailChangedMail,
  mobileVerificationSms,
  passwordChangedMail,
  passwordLinkMail,
} from '@trajectoire/notifications';
import { ACTIVATION_LINK_LIFETIME_MS, RESET_LINK_LIFETIME_MS } from '../auth/password-reset';
import type { CoreDeps } from '../deps';
import type { Notifier } from '../notifier';
import { accountTokenSecret } from '../shared/account-tokens';
import * as dq from './queries';

export type Delivery = 'SENT' | 'ALREADY_SENT' | 'OBSOLETE';

/**
 * Sends once per key: the key is recorded after the provider accepted the message, so a job
 * retried after a crash in between is the only way to get a duplicate.
 */
export async function sendOnce(db: Database, key: string, now: Date, send: () => Promise<void>): Promise<Delivery> {
  if (await dq.isNotificationSent(db, key)) return 'ALREADY_SENT';
  await send();
  await dq.recordNotificationSent(db, key, now);
  return 'SENT';
}

function frenchDateTime(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
    date,
  );
}

/** Reset or activation link: skipped when the link was used, replaced or expired meanwhile. */
export async function deliverPasswordLink(deps: CoreDeps, notifier: Notifier, tokenId: string): Promise<Delivery> {
  const now = deps.clock.now();
  const token = await dq.findPasswordLinkToken(deps.db, tokenId);
  if (!token || token.used_at || now >= token.expires_at) return 'OBSOLETE';
  if (token.purpose !== 'PASSWORD_RESET' && token.purpose !== 'ACCOUNT_ACTIVATION') return 'OBSOLETE';
  const link = `${notifier.publicUrl}/mot-de-passe/nouveau?jeton=${accountTokenSecret(deps.config.appSecret, token.id)}`;
  return sendOnce(deps.db, `password-link:${token.id}`, now, () =>
    notifier.mailer.send(
      passwordLinkMail({
        to: token.email,
        firstName: token.first_name,
        username: token.username,
        link,
        purpose: token.purpose as 'PASSWORD_RESET' | 'ACCOUNT_ACTIVATION',
        validHours:
          (token.purpose === 'PASSWORD_RESET' ? RESET_LINK_LIFETIME_MS : ACTIVATION_LINK_LIFETIME_MS) / 3_600_000,
      }),
    ),
  );
}

export async function deliverPasswordChanged(
  deps: CoreDeps,
  notifier: Notifier,
  accountId: string,
  changedAt: Date,
): Promise<Delivery> {
  const account = await dq.findMailRecipient(deps.db, accountId);
  if (!account) return 'OBSOLETE';
  return sendOnce(deps.db, `password-changed:${accountId}:${changedAt.getTime()}`, deps.clock.now(), () =>
    notifier.mailer.send(
      passwordChangedMail({
        to: account.email,
        firstName: account.first_name,
        username: account.username,
        at: frenchDateTime(changedAt),
      }),
    ),
  );
}

/** Tells the old address that the account's e-mail changed (read from the audit row of the change). */
export async function deliverEmailChanged(deps: CoreDeps, notifier: Notifier, auditEventId: string): Promise<Delivery> {
  const event = await dq.findEmailChangedEvent(deps.db, auditEventId);
  const details = event?.details as { before?: { email?: string }; after?: { email?: string } } | undefined;
  const oldEmail = details?.before?.email;
  const newEmail = details?.after?.email;
  if (!event || !oldEmail || !newEmail) return 'OBSOLETE';
  return sendOnce(deps.db, `email-changed:${auditEventId}`, deps.clock.now(), () =>
    notifier.mailer.send(
      emailChangedMail({ to: oldEmail, firstName: event.first_name, username: event.username, newEmail }),
    ),
  );
}

export async function deliverMobileVerification(
  deps: CoreDeps,
  notifier: Notifier,
  tokenId: string,
): Promise<Delivery> {
  const now = deps.clock.now();
  const token = await dq.findMobileVerificationToken(deps.db, tokenId);
  if (!token?.target || token.used_at || now >= token.expires_at) return 'OBSOLETE';
  const link = `${notifier.publicUrl}/mon-compte/verifier-mobile?jeton=${accountTokenSecret(deps.config.appSecret, token.id)}`;
  const to = token.target;
  return sendOnce(deps.db, `mobile-verification:${token.id}`, now, async () => {
    await notifier.sms.send({ to, body: mobileVerificationSms(link) });
  });
}
