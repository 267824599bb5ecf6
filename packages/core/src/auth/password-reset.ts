import type { newPasswordFields } from '@trajectoire/domain';
import type { z } from 'zod';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import { enqueue } from '../jobs/map';
import { findAccountToken, issueAccountToken, retireAccountTokens, useAccountToken } from '../shared/account-tokens';
import { AppError } from '../shared/errors';
import { enforceRateLimit, overRateLimit } from '../shared/rate-limit';
import { solveCaptcha } from './captcha';
import { prepareNewPassword, storeNewPassword } from './passwords';
import * as q from './queries';

export const RESET_LINK_LIFETIME_MS = 24 * 3_600_000;
/** A new account's first link: the référent may create it days before the person starts. */
export const ACTIVATION_LINK_LIFETIME_MS = 7 * 24 * 3_600_000;

const LINK_MESSAGES = {
  invalid: 'Ce lien est invalide. Demandez un nouveau lien depuis « Mot de passe oublié ? ».',
  expired: 'Ce lien a expiré. Demandez un nouveau lien depuis « Mot de passe oublié ? ».',
  used: 'Ce lien a déjà été utilisé. Demandez un nouveau lien depuis « Mot de passe oublié ? » si besoin.',
};

/**
 * « Mot de passe oublié ? »: same answer whether the account exists or not; when it does, a
 * single-use link valid 24 hours is mailed. The captcha is checked first and always consumed.
 */
export async function requestPasswordReset(
  deps: CoreDeps,
  input: { username: string; captchaId: string; captchaAnswer: string },
  meta: RequestMeta,
): Promise<void> {
  const { db, clock, config } = deps;
  const now = clock.now();
  if (await overRateLimit(db, `reset:ip:${meta.ip}`, config.rateLimits.signInPerIp, now)) {
    throw new AppError('RATE_LIMITED', 'Trop de demandes. Patientez quelques minutes avant de réessayer.');
  }
  if (!(await solveCaptcha(db, input.captchaId, input.captchaAnswer, now))) {
    throw new AppError('CAPTCHA_FAILED', 'Le code de sécurité est incorrect ou a expiré. Recopiez le nouveau code.');
  }
  const username = input.username.toLowerCase();
  // Per username too, so that nobody floods a person's mailbox.
  if (await overRateLimit(db, `reset:user:${username}`, { limit: 5, windowMs: 3_600_000 }, now)) return;
  const accountId = await q.findActiveAccountIdByUsername(db, username);
  if (!accountId) {
    await recordAudit(db, {
      action: 'PASSWORD_RESET_REQUESTED',
      at: now,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { username, known: false },
    });
    return;
  }
  await db.transaction().execute(async (trx) => {
    await retireAccountTokens(trx, accountId, 'PASSWORD_RESET', now);
    const token = await issueAccountToken(trx, config.appSecret, {
      accountId,
      purpose: 'PASSWORD_RESET',
      now,
      lifetimeMs: RESET_LINK_LIFETIME_MS,
    });
    await recordAudit(trx, {
      action: 'PASSWORD_RESET_REQUESTED',
      at: now,
      subjectAccountId: accountId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { known: true },
    });
    await enqueue(trx, 'account__send_password_link', { tokenId: token.id });
  });
}

/** What the page behind a link may show before the new password is typed. */
export async function describePasswordLink(deps: CoreDeps, token: string) {
  const found =
    (await findAccountToken(deps.db, token, 'PASSWORD_RESET')) ??
    (await findAccountToken(deps.db, token, 'ACCOUNT_ACTIVATION'));
  if (!found) throw new AppError('LINK_INVALID', LINK_MESSAGES.invalid);
  if (found.used_at) throw new AppError('LINK_USED', LINK_MESSAGES.used);
  if (deps.clock.now() >= found.expires_at) throw new AppError('LINK_EXPIRED', LINK_MESSAGES.expired);
  return { username: await q.findUsername(deps.db, found.account_id) };
}

/**
 * Sets the password from a reset or activation link. The next sign-in still asks for the one-time
 * code. The link is checked before any hashing: the new password costs several Argon2
 * computations, on the thread pool every sign-in shares, and only a live link's holder may spend
 * them (and, per address, only so often).
 */
export async function resetPasswordWithLink(
  deps: CoreDeps,
  input: z.infer<typeof newPasswordFields> & { token: string },
  meta: RequestMeta,
): Promise<{ username: string }> {
  const { db, clock, config } = deps;
  const now = clock.now();
  await enforceRateLimit(db, `reset-password:ip:${meta.ip}`, config.rateLimits.resetPasswordPerIp, now);
  const reset = await findAccountToken(db, input.token, 'PASSWORD_RESET');
  const found = reset ?? (await findAccountToken(db, input.token, 'ACCOUNT_ACTIVATION'));
  // Nothing to hide by spending time: the link's secret has 256 bits, and the answer says it is wrong.
  if (!found) throw new AppError('LINK_INVALID', LINK_MESSAGES.invalid);
  if (found.used_at) throw new AppError('LINK_USED', LINK_MESSAGES.used);
  if (now >= found.expires_at) throw new AppError('LINK_EXPIRED', LINK_MESSAGES.expired);
  const account = await q.findPasswordOwner(db, found.account_id);
  const newHash = await prepareNewPassword(deps, account, input.newPassword);
  await db.transaction().execute(async (trx) => {
    if (!(await useAccountToken(trx, found.id, now))) throw new AppError('LINK_USED', LINK_MESSAGES.used);
    await storeNewPassword(trx, deps, {
      accountId: account.id,
      previousHash: account.password_hash,
      newHash,
      reason: reset ? 'RESET' : 'ACTIVATED',
      meta,
      actorAccountId: account.id,
    });
  });
  return { username: account.username };
}

/**
 * An expired password is replaced before anything else: the sign-in hands out this token
 * (in a cookie) instead of a code, and only a password change can follow.
 */
export const EXPIRED_PASSWORD_TOKEN_LIFETIME_MS = 15 * 60_000;

export async function changeExpiredPassword(
  deps: CoreDeps,
  token: string | undefined,
  input: z.infer<typeof newPasswordFields>,
  meta: RequestMeta,
): Promise<{ accountId: string }> {
  const { db, clock, config } = deps;
  const now = clock.now();
  await enforceRateLimit(db, `expired-password:ip:${meta.ip}`, config.rateLimits.changeExpiredPasswordPerIp, now);
  // Checked before any hashing, as for a link.
  const found = token ? await findAccountToken(db, token, 'EXPIRED_PASSWORD') : undefined;
  if (!found || found.used_at || now >= found.expires_at) {
    throw new AppError(
      'CHALLENGE_NOT_FOUND',
      'Votre demande a expiré. Saisissez à nouveau votre identifiant et votre mot de passe.',
    );
  }
  const account = await q.findPasswordOwner(db, found.account_id);
  if (account.blocked_at)
    throw new AppError('ACCOUNT_BLOCKED', 'Votre compte est bloqué. Contactez votre référent pour le débloquer.');
  const newHash = await prepareNewPassword(deps, account, input.newPassword);
  await db.transaction().execute(async (trx) => {
    if (!(await useAccountToken(trx, found.id, now)))
      throw new AppError('CHALLENGE_NOT_FOUND', 'Votre demande a expiré.');
    await storeNewPassword(trx, deps, {
      accountId: account.id,
      previousHash: account.password_hash,
      newHash,
      reason: 'EXPIRED',
      meta,
      actorAccountId: account.id,
    });
  });
  return { accountId: account.id };
}
