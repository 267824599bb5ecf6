import { parisDate, passwordExpiresAt } from '@trajectoire/domain';
import { listHabilitationsOfAccount } from '../access/queries';
import type { Viewer } from '../access/viewer';
import { recordAudit } from '../audit/queries';
import { prepareNewPassword, storeNewPassword } from '../auth/passwords';
import type { CoreDeps, RequestMeta } from '../deps';
import { enqueue } from '../jobs/map';
import { findAccountToken, issueAccountToken, retireAccountTokens, useAccountToken } from '../shared/account-tokens';
import { AppError } from '../shared/errors';
import { verifyPassword } from '../shared/passwords';
import { countRateLimit, hitRateLimit, overRateLimit } from '../shared/rate-limit';
import * as dq from './queries';
import { type AccountData, applyAccountChanges } from './service';

const MOBILE_LINK_LIFETIME_MS = 24 * 3_600_000;

async function ownAccount(deps: CoreDeps, viewer: Viewer) {
  const account = await dq.findAccountDetail(deps.db, viewer.account.id);
  if (!account) throw new AppError('NOT_SIGNED_IN', 'Votre session a expiré. Reconnectez-vous.');
  return account;
}

/** « Mon compte »: details, code channel, habilitations and the référents to turn to. */
export async function getMyAccount(deps: CoreDeps, viewer: Viewer) {
  const account = await ownAccount(deps, viewer);
  const habilitations = await listHabilitationsOfAccount(deps.db, account.id);
  const today = parisDate(deps.clock.now());
  const referentRows = await dq.listReferents(deps.db, habilitations, today);
  const establishments = new Map<string, string>(habilitations.map((h) => [h.establishmentId, h.establishmentName]));
  return {
    account: {
      id: account.id,
      username: account.username,
      lastName: account.last_name,
      firstName: account.first_name,
      email: account.email,
      phone: account.phone,
      mobile: account.mobile,
      mobileVerified: account.mobile_verified_at !== null,
      codeChannel: account.code_channel as 'EMAIL' | 'SMS',
      profession: account.profession,
      passwordExpiresAt: account.password_changed_at
        ? passwordExpiresAt(account.password_changed_at, deps.config.passwordValidityMonths ?? 6)
        : null,
    },
    habilitations,
    referents: [...establishments].map(([establishmentId, establishmentName]) => ({
      establishmentId,
      establishmentName,
      referents: referentRows
        .filter((r) => r.establishmentId === establishmentId && r.referent.accountId !== account.id)
        .map((r) => r.referent),
    })),
  };
}

export async function updateMyDetails(
  deps: CoreDeps,
  viewer: Viewer,
  data: Pick<AccountData, 'lastName' | 'firstName' | 'phone' | 'profession'>,
  meta: RequestMeta,
) {
  const account = await ownAccount(deps, viewer);
  return applyAccountChanges(deps, account.id, account, data, meta);
}

/** Re-authentication for sensitive changes; wrong answers are rate-limited per account. */
async function confirmPassword(
  deps: CoreDeps,
  account: { id: string; password_hash: string | null },
  password: string,
) {
  const now = deps.clock.now();
  const rule = { limit: 5, windowMs: 15 * 60_000 };
  if ((await countRateLimit(deps.db, `reauth:${account.id}`, rule, now)) >= rule.limit) {
    throw new AppError('RATE_LIMITED', 'Trop de mots de passe erronés. Patientez quelques minutes avant de réessayer.');
  }
  if (!account.password_hash || !(await verifyPassword(account.password_hash, password))) {
    await hitRateLimit(deps.db, `reauth:${account.id}`, rule, now);
    throw new AppError('WRONG_PASSWORD', 'Mot de passe incorrect.');
  }
}

/** E-mail, mobile and the channel of codes: the password is asked again. */
export async function changeMyContact(
  deps: CoreDeps,
  viewer: Viewer,
  input: {
    password: string;
    email?: string | undefined;
    mobile?: string | null | undefined;
    codeChannel?: 'EMAIL' | 'SMS' | undefined;
  },
  meta: RequestMeta,
) {
  const account = await ownAccount(deps, viewer);
  await confirmPassword(deps, account, input.password);
  const changes: Partial<AccountData> = {};
  if (input.email !== undefined) changes.email = input.email;
  if (input.mobile !== undefined) changes.mobile = input.mobile;
  const { changed } = await applyAccountChanges(deps, account.id, account, changes, meta);
  const { codeChannel } = input;
  if (codeChannel && codeChannel !== account.code_channel) {
    const fresh = await ownAccount(deps, viewer);
    if (codeChannel === 'SMS' && (!fresh.mobile || !fresh.mobile_verified_at)) {
      throw new AppError(
        'MOBILE_NOT_VERIFIED',
        'Vérifiez d’abord votre numéro de mobile (bouton « Vérifier ») avant de choisir le SMS.',
      );
    }
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      await dq.setCodeChannel(trx, account.id, codeChannel, now);
      await recordAudit(trx, {
        action: 'ACCOUNT_UPDATED',
        at: now,
        actorAccountId: account.id,
        subjectAccountId: account.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { before: { codeChannel: fresh.code_channel }, after: { codeChannel } },
      });
    });
    changed.push('codeChannel');
  }
  return { changed };
}

/** « Vérifier »: an SMS with a link to follow from the phone. */
export async function requestMobileVerification(deps: CoreDeps, viewer: Viewer, meta: RequestMeta) {
  const account = await ownAccount(deps, viewer);
  if (!account.mobile)
    throw new AppError('MOBILE_NOT_VERIFIED', 'Saisissez et enregistrez d’abord un numéro de mobile.');
  if (account.mobile_verified_at) throw new AppError('CONFLICT', 'Ce numéro de mobile est déjà vérifié.');
  const now = deps.clock.now();
  if (await overRateLimit(deps.db, `mobile-verification:${account.id}`, { limit: 5, windowMs: 3_600_000 }, now)) {
    throw new AppError('RATE_LIMITED', 'Trop de demandes de vérification. Réessayez dans une heure.');
  }
  await deps.db.transaction().execute(async (trx) => {
    await retireAccountTokens(trx, account.id, 'MOBILE_VERIFICATION', now);
    const token = await issueAccountToken(trx, deps.config.appSecret, {
      accountId: account.id,
      purpose: 'MOBILE_VERIFICATION',
      target: account.mobile,
      now,
      lifetimeMs: MOBILE_LINK_LIFETIME_MS,
    });
    await recordAudit(trx, {
      action: 'MOBILE_VERIFICATION_SENT',
      at: now,
      actorAccountId: account.id,
      subjectAccountId: account.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { mobile: account.mobile },
    });
    await enqueue(trx, 'account__send_mobile_verification', { tokenId: token.id });
  });
}

/** The link of the SMS: the number is verified if it is still the account's number. */
export async function confirmMobile(deps: CoreDeps, secret: string, meta: RequestMeta) {
  const now = deps.clock.now();
  const token = await findAccountToken(deps.db, secret, 'MOBILE_VERIFICATION');
  if (!token) throw new AppError('LINK_INVALID', 'Ce lien de vérification est invalide.');
  if (token.used_at) throw new AppError('LINK_USED', 'Ce lien de vérification a déjà été utilisé.');
  if (now >= token.expires_at)
    throw new AppError(
      'LINK_EXPIRED',
      'Ce lien de vérification a expiré : cliquez à nouveau sur « Vérifier » dans « Mon compte ».',
    );
  await deps.db.transaction().execute(async (trx) => {
    if (!(await useAccountToken(trx, token.id, now)))
      throw new AppError('LINK_USED', 'Ce lien de vérification a déjà été utilisé.');
    if (!(await dq.markMobileVerified(trx, token.account_id, token.target, now)))
      throw new AppError('LINK_INVALID', 'Le numéro de mobile du compte a changé depuis l’envoi de ce lien.');
    await recordAudit(trx, {
      action: 'MOBILE_VERIFIED',
      at: now,
      subjectAccountId: token.account_id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { mobile: token.target },
    });
  });
}

export async function changeMyPassword(
  deps: CoreDeps,
  viewer: Viewer,
  sessionId: string | null,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
) {
  const account = await ownAccount(deps, viewer);
  await confirmPassword(deps, account, input.currentPassword);
  const newHash = await prepareNewPassword(deps, account, input.newPassword);
  await deps.db.transaction().execute((trx) =>
    storeNewPassword(trx, deps, {
      accountId: account.id,
      previousHash: account.password_hash,
      newHash,
      reason: 'CHANGED',
      meta,
      actorAccountId: account.id,
      keepSessionId: sessionId,
    }),
  );
}
