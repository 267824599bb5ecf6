import type { DB } from '@trajectoire/db';
import {
  emailChangedMail,
  mobileVerificationSms,
  passwordChangedMail,
  passwordLinkMail,
} from '@trajectoire/notifications';
import type { Kysely } from 'kysely';
import { ACTIVATION_LINK_LIFETIME_MS, RESET_LINK_LIFETIME_MS } from '../auth/password-reset';
import type { CoreDeps } from '../deps';
import type { Notifier } from '../notifier';
import { accountTokenSecret } from '../shared/account-tokens';

export type Delivery = 'SENT' | 'ALREADY_SENT' | 'OBSOLETE';

/**
 * Sends once per key: the key is recorded after the provider accepted the message, so a job
 * retried after a crash in between is the only way to get a duplicate.
 */
export async function sendOnce(db: Kysely<DB>, key: string, now: Date, send: () => Promise<void>): Promise<Delivery> {
  const done = await db.selectFrom('sent_notifications').select('key').where('key', '=', key).executeTakeFirst();
  if (done) return 'ALREADY_SENT';
  await send();
  await db
    .insertInto('sent_notifications')
    .values({ key, sent_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
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
  const token = await deps.db
    .selectFrom('account_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.purpose', 't.used_at', 't.expires_at', 'a.email', 'a.first_name', 'a.username'])
    .where('t.id', '=', tokenId)
    .executeTakeFirst();
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
  const account = await deps.db
    .selectFrom('accounts')
    .select(['email', 'first_name', 'username'])
    .where('id', '=', accountId)
    .executeTakeFirst();
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
  const event = await deps.db
    .selectFrom('audit_events as e')
    .innerJoin('accounts as a', 'a.id', 'e.subject_account_id')
    .select(['e.details', 'a.first_name', 'a.username'])
    .where('e.id', '=', auditEventId)
    .where('e.action', 'in', ['ACCOUNT_UPDATED', 'ACCOUNT_EMAIL_CONFIRMED'])
    .executeTakeFirst();
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
  const token = await deps.db
    .selectFrom('account_tokens')
    .select(['id', 'target', 'used_at', 'expires_at'])
    .where('id', '=', tokenId)
    .where('purpose', '=', 'MOBILE_VERIFICATION')
    .executeTakeFirst();
  if (!token?.target || token.used_at || now >= token.expires_at) return 'OBSOLETE';
  const link = `${notifier.publicUrl}/mon-compte/verifier-mobile?jeton=${accountTokenSecret(deps.config.appSecret, token.id)}`;
  const to = token.target;
  return sendOnce(deps.db, `mobile-verification:${token.id}`, now, async () => {
    await notifier.sms.send({ to, body: mobileVerificationSms(link) });
  });
}
