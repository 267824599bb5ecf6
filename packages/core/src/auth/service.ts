import type { DB } from '@trajectoire/db';
import {
  type ChallengeClosed,
  type ChallengeState,
  challengeOpen,
  isPasswordExpired,
  maskEmail,
  maskPhone,
  passwordExpiresAt,
  resendAvailableAt,
  SIGN_IN_RULES,
  type SignInInput,
  sessionAlive,
} from '@trajectoire/domain';
import type { Transaction } from 'kysely';
import { toHabilitationView } from '../access/queries';
import { type Viewer, viewerFrom } from '../access/viewer';
import { recordAudit } from '../audit/queries';
import type { CoreDeps, RequestMeta } from '../deps';
import { enqueue } from '../jobs/map';
import { issueAccountToken, retireAccountTokens } from '../shared/account-tokens';
import { hashToken, oneTimeCode, randomToken, sameBytes } from '../shared/crypto';
import { AppError } from '../shared/errors';
import { verifyAgainstNothing, verifyPassword } from '../shared/passwords';
import { countRateLimit, hitRateLimit, overRateLimit, RATE_LIMITED_MESSAGE } from '../shared/rate-limit';
import { revokeAccountApiKeys } from './api-keys';
import { EXPIRED_PASSWORD_TOKEN_LIFETIME_MS } from './password-reset';
import * as q from './queries';

const MESSAGES = {
  invalidCredentials: "Nom d'utilisateur ou mot de passe incorrect.",
  blocked:
    'Votre compte est bloqué après plusieurs tentatives de connexion infructueuses. Contactez votre référent pour le débloquer.',
  rateLimited: RATE_LIMITED_MESSAGE,
  challengeNotFound:
    'Votre demande de connexion a expiré. Saisissez à nouveau votre identifiant et votre mot de passe.',
  codeExpired: 'Ce code de sécurité a expiré. Demandez un nouveau code.',
  codeUsed: 'Ce code de sécurité a déjà été utilisé. Reconnectez-vous.',
  codeTooMany: 'Trop de codes erronés. Saisissez à nouveau votre identifiant et votre mot de passe.',
  wrongCode: (left: number) => `Code de sécurité incorrect. Il vous reste ${left} essai${left > 1 ? 's' : ''}.`,
  resendTooSoon: 'Un code vient d’être envoyé. Patientez avant d’en demander un nouveau.',
  resendLimit: 'Nombre maximal d’envois atteint. Reconnectez-vous pour recevoir un nouveau code.',
} as const;

export type SignInResult =
  | { status: 'SIGNED_IN'; sessionToken: string }
  | { status: 'PASSWORD_EXPIRED'; passwordChangeToken: string }
  | {
      status: 'CODE_REQUIRED';
      challengeToken: string;
      channel: 'EMAIL' | 'SMS';
      maskedDestination: string;
      expiresAt: Date;
      resendAvailableAt: Date;
    };

/**
 * First step of the password sign-in. Whether the username exists must not show, neither in
 * the answers nor in their cost: an unknown username, a wrong password, a blocked account and a
 * guess beyond the attempts already under way each cost one Argon2 verification, and get the
 * same answers in the same situations. Five consecutive failures block the account; an unknown
 * username after five failures reads as blocked too; a burst of guesses gets five tries and
 * then « blocked », on an existing account as on an unknown one.
 */
export async function signInWithPassword(
  deps: CoreDeps,
  input: SignInInput,
  meta: RequestMeta,
  browserToken: string | undefined,
): Promise<SignInResult> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const username = input.username.toLowerCase();
  // Rate limits counted and, within them, the account found with one of its attempts reserved.
  const first = await q.findAccountReservingAttempt(
    db,
    username,
    [
      { key: `sign-in:ip:${meta.ip}`, rule: config.rateLimits.signInPerIp },
      { key: `sign-in:user:${username}`, rule: config.rateLimits.signInPerUsername },
    ],
    now,
  );
  if (!first.withinLimits) throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
  const { account } = first;
  if (!account?.password_hash) {
    await verifyAgainstNothing(input.password);
    const unknownKey = `sign-in:unknown:${username}`;
    const rule = { limit: SIGN_IN_RULES.maxFailedPasswords, windowMs: 24 * 3_600_000 };
    const alreadyFailed = await countRateLimit(db, unknownKey, rule, now);
    const failures = alreadyFailed >= rule.limit ? alreadyFailed : await hitRateLimit(db, unknownKey, rule, now);
    await recordAudit(db, {
      action: 'SIGN_IN_FAILED',
      at: now,
      ...metaOf(meta),
      details: { username, reason: 'UNKNOWN_USERNAME' },
    });
    throw failures >= rule.limit
      ? new AppError('ACCOUNT_BLOCKED', MESSAGES.blocked)
      : new AppError('INVALID_CREDENTIALS', MESSAGES.invalidCredentials);
  }
  if (account.blocked_at) {
    await verifyAgainstNothing(input.password);
    await recordAudit(db, {
      action: 'SIGN_IN_FAILED',
      at: now,
      subjectAccountId: account.id,
      ...metaOf(meta),
      details: { reason: 'BLOCKED' },
    });
    throw new AppError('ACCOUNT_BLOCKED', MESSAGES.blocked);
  }

  const attempt = account.attempt;
  if (attempt === null) {
    // Blocked meanwhile, or the last attempts are being checked right now: this guess is not
    // tried, and answers as a sixth guess on an unknown username does.
    await verifyAgainstNothing(input.password);
    await recordAudit(db, {
      action: 'SIGN_IN_FAILED',
      at: now,
      subjectAccountId: account.id,
      ...metaOf(meta),
      details: { reason: 'NO_ATTEMPT_LEFT' },
    });
    throw new AppError('ACCOUNT_BLOCKED', MESSAGES.blocked);
  }

  if (!(await verifyPassword(account.password_hash, input.password))) {
    const blockedNow = await db.transaction().execute(async (trx) => {
      const blocked = await q.blockIfExhausted(trx, account.id, now);
      await recordAudit(trx, {
        action: 'SIGN_IN_FAILED',
        at: now,
        subjectAccountId: account.id,
        ...metaOf(meta),
        details: { reason: 'WRONG_PASSWORD', consecutiveFailures: attempt },
      });
      if (blocked) {
        await q.revokeAllSessions(trx, account.id, now);
        await revokeAccountApiKeys(trx, {
          accountId: account.id,
          now,
          reason: 'ACCOUNT_BLOCKED',
          actorAccountId: null,
          meta,
        });
        await recordAudit(trx, {
          action: 'ACCOUNT_BLOCKED',
          at: now,
          subjectAccountId: account.id,
          ...metaOf(meta),
          details: { failures: attempt },
        });
      }
      return blocked;
    });
    throw blockedNow
      ? new AppError('ACCOUNT_BLOCKED', MESSAGES.blocked)
      : new AppError('INVALID_CREDENTIALS', MESSAGES.invalidCredentials);
  }

  const validityMonths = config.passwordValidityMonths ?? 6;
  const expired = account.password_changed_at
    ? now >= passwordExpiresAt(account.password_changed_at, validityMonths)
    : isPasswordExpired(null, now);
  if (expired) {
    const token = await db.transaction().execute(async (trx) => {
      await q.clearPasswordFailures(trx, account.id);
      await retireAccountTokens(trx, account.id, 'EXPIRED_PASSWORD', now);
      return issueAccountToken(trx, config.appSecret, {
        accountId: account.id,
        purpose: 'EXPIRED_PASSWORD',
        now,
        lifetimeMs: EXPIRED_PASSWORD_TOKEN_LIFETIME_MS,
      });
    });
    return { status: 'PASSWORD_EXPIRED', passwordChangeToken: token.secret };
  }
  return afterGoodPassword(deps, account, meta, browserToken);
}

/** After a forced password change: continues the sign-in as after a good password. */
export async function continueAfterPassword(
  deps: CoreDeps,
  accountId: string,
  meta: RequestMeta,
  browserToken: string | undefined,
): Promise<Exclude<SignInResult, { status: 'PASSWORD_EXPIRED' }>> {
  const account = await q.findCodeSettings(deps.db, accountId);
  return afterGoodPassword(deps, account, meta, browserToken);
}

/**
 * After a good password (or a forced password change): a trusted browser signs in at once,
 * any other gets a one-time code.
 */
async function afterGoodPassword(
  deps: CoreDeps,
  account: {
    id: string;
    email: string;
    mobile: string | null;
    mobile_verified_at: Date | null;
    code_channel: string;
    first_code_validated_at: Date | null;
  },
  meta: RequestMeta,
  browserToken: string | undefined,
): Promise<Exclude<SignInResult, { status: 'PASSWORD_EXPIRED' }>> {
  const { db, clock } = deps;
  const now = clock.now();
  if (browserToken && (await q.findTrustedBrowser(db, hashToken(browserToken), account.id, now))) {
    const sessionToken = await db.transaction().execute(async (trx) => {
      await q.clearPasswordFailures(trx, account.id);
      return openSession(deps, trx, account.id, 'PASSWORD_TRUSTED_BROWSER', meta);
    });
    return { status: 'SIGNED_IN', sessionToken };
  }

  const challengeToken = randomToken();
  // The very first code always goes by e-mail; SMS only to a verified mobile, once chosen.
  const sms =
    account.code_channel === 'SMS' && account.mobile_verified_at && account.mobile && account.first_code_validated_at;
  const channel = sms ? 'SMS' : 'EMAIL';
  const destination = channel === 'SMS' ? (account.mobile as string) : account.email;
  const expiresAt = new Date(now.getTime() + SIGN_IN_RULES.codeLifetimeMs);
  await q.insertChallengeWithFirstCode(db, {
    tokenHash: hashToken(challengeToken),
    accountId: account.id,
    channel,
    destination,
    now,
    expiresAt,
    ip: meta.ip,
  });
  return {
    status: 'CODE_REQUIRED',
    challengeToken,
    channel,
    maskedDestination: channel === 'EMAIL' ? maskEmail(destination) : maskPhone(destination),
    expiresAt,
    resendAvailableAt: resendAvailableAt(now),
  };
}

async function enqueueCodeDelivery(trx: Transaction<DB>, challengeId: string, generation: number) {
  // As for the first code (see insertChallengeWithFirstCode): a notifying commit need not wait for the disk.
  await q.commitWithoutFlushWait(trx);
  return enqueue(trx, 'account__send_sign_in_code', { challengeId, generation });
}

async function openSession(
  deps: CoreDeps,
  db: Parameters<typeof q.insertSession>[0],
  accountId: string,
  method: string,
  meta: RequestMeta,
): Promise<string> {
  const now = deps.clock.now();
  const token = randomToken();
  await q.insertSession(db, {
    tokenHash: hashToken(token),
    accountId,
    method,
    now,
    expiresAt: new Date(now.getTime() + SIGN_IN_RULES.sessionAbsoluteMs),
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  await recordAudit(db, {
    action: 'SIGN_IN_SUCCEEDED',
    at: now,
    subjectAccountId: accountId,
    actorAccountId: accountId,
    ...metaOf(meta),
    details: { method },
  });
  return token;
}

export interface VerifiedCode {
  sessionToken: string;
  /** A fresh browser token, trusted from now on: the caller stores it in a cookie. */
  browserToken: string;
  trustedUntil: Date;
}

/**
 * Second step: checks the one-time code, opens the session and trusts the browser for 8 hours.
 * The browser is trusted under a token made here, never one it sent: a token planted in the
 * browser (a cookie set by a sibling site) would otherwise become trusted, known to whoever
 * planted it.
 */
export async function verifySignInCode(
  deps: CoreDeps,
  challengeToken: string | undefined,
  code: string,
  meta: RequestMeta,
): Promise<VerifiedCode> {
  const { db, clock, config } = deps;
  const now = clock.now();
  if (await overRateLimit(db, `code:ip:${meta.ip}`, config.rateLimits.codePerIp, now)) {
    throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
  }
  const found = challengeToken ? await q.findChallengeByTokenHash(db, hashToken(challengeToken)) : undefined;
  if (!found) throw new AppError('CHALLENGE_NOT_FOUND', MESSAGES.challengeNotFound);
  if (await overRateLimit(db, `code:challenge:${found.id}`, config.rateLimits.codePerChallenge, now)) {
    throw new AppError('RATE_LIMITED', MESSAGES.rateLimited);
  }

  const outcome = await db.transaction().execute(async (trx) => {
    const challenge = await q.lockChallenge(trx, found.id);
    if (!challenge) return { error: new AppError('CHALLENGE_NOT_FOUND', MESSAGES.challengeNotFound) };
    const open = challengeOpen(challengeState(challenge), now);
    if (!open.ok) return { error: closedChallengeError(open.reason) };
    if (await q.isAccountBlocked(trx, challenge.account_id))
      return { error: new AppError('ACCOUNT_BLOCKED', MESSAGES.blocked) };

    const expected = oneTimeCode(config.appSecret, challenge.id, challenge.generation);
    if (!sameBytes(Buffer.from(expected), Buffer.from(code))) {
      const attempts = await q.countFailedCodeAttempt(trx, challenge.id);
      await recordAudit(trx, {
        action: 'CODE_FAILED',
        at: now,
        subjectAccountId: challenge.account_id,
        ...metaOf(meta),
        details: { challengeId: challenge.id, attempts },
      });
      const left = SIGN_IN_RULES.codeMaxAttempts - attempts;
      return {
        error:
          left > 0
            ? new AppError('WRONG_CODE', MESSAGES.wrongCode(left), { attemptsLeft: left })
            : new AppError('CODE_TOO_MANY_ATTEMPTS', MESSAGES.codeTooMany),
      };
    }

    await q.consumeChallenge(trx, challenge.id, now);
    await q.markFirstCodeValidated(trx, challenge.account_id, now);
    await recordAudit(trx, {
      action: 'CODE_VALIDATED',
      at: now,
      subjectAccountId: challenge.account_id,
      ...metaOf(meta),
      details: { challengeId: challenge.id, channel: challenge.channel },
    });
    const browser = randomToken();
    const trustedUntil = new Date(now.getTime() + SIGN_IN_RULES.trustedBrowserMs);
    await q.trustBrowser(trx, hashToken(browser), challenge.account_id, now, trustedUntil);
    const sessionToken = await openSession(deps, trx, challenge.account_id, 'PASSWORD_CODE', meta);
    return { result: { sessionToken, browserToken: browser, trustedUntil } };
  });
  // Failed attempts are committed before the error is raised, so they count.
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}

function challengeState(row: { expires_at: Date; consumed_at: Date | null; attempts: number }): ChallengeState {
  return { expiresAt: row.expires_at, consumedAt: row.consumed_at, attempts: row.attempts };
}

function closedChallengeError(reason: ChallengeClosed): AppError {
  switch (reason) {
    case 'USED':
      return new AppError('CODE_ALREADY_USED', MESSAGES.codeUsed);
    case 'TOO_MANY_ATTEMPTS':
      return new AppError('CODE_TOO_MANY_ATTEMPTS', MESSAGES.codeTooMany);
    case 'EXPIRED':
      return new AppError('CODE_EXPIRED', MESSAGES.codeExpired);
  }
}

export interface ResentCode {
  expiresAt: Date;
  resendAvailableAt: Date;
  channel: 'EMAIL' | 'SMS';
  maskedDestination: string;
}

/**
 * Sends a fresh code for the same challenge; the previous one stops working. `toEmail` switches
 * an SMS challenge to e-mail, and is allowed at once when the SMS could not be delivered.
 */
export async function resendSignInCode(
  deps: CoreDeps,
  challengeToken: string | undefined,
  options: { toEmail?: boolean } = {},
): Promise<ResentCode> {
  const { db, clock } = deps;
  const now = clock.now();
  const found = challengeToken ? await q.findChallengeByTokenHash(db, hashToken(challengeToken)) : undefined;
  if (!found) throw new AppError('CHALLENGE_NOT_FOUND', MESSAGES.challengeNotFound);
  return db.transaction().execute(async (trx) => {
    const challenge = await q.lockChallenge(trx, found.id);
    if (!challenge) throw new AppError('CODE_ALREADY_USED', MESSAGES.codeUsed);
    const open = challengeOpen(challengeState(challenge), now);
    // An expired code may be replaced: the new one comes with a new lifetime.
    if (!open.ok && open.reason !== 'EXPIRED') throw closedChallengeError(open.reason);
    if (challenge.generation >= SIGN_IN_RULES.codeMaxSends) throw new AppError('RESEND_LIMIT', MESSAGES.resendLimit);
    const failedSms = challenge.channel === 'SMS' && challenge.delivery_failed_at !== null;
    const availableAt = resendAvailableAt(challenge.last_sent_at);
    if (now < availableAt && !(failedSms && options.toEmail)) {
      throw new AppError('RESEND_TOO_SOON', MESSAGES.resendTooSoon, { resendAvailableAt: availableAt.toISOString() });
    }
    let channel = challenge.channel as 'EMAIL' | 'SMS';
    let destination = challenge.destination;
    if (options.toEmail && channel === 'SMS') {
      channel = 'EMAIL';
      destination = await q.findEmail(trx, challenge.account_id);
      await q.redirectChallenge(trx, challenge.id, channel, destination);
    }
    const expiresAt = new Date(now.getTime() + SIGN_IN_RULES.codeLifetimeMs);
    const { generation } = await q.bumpChallengeGeneration(trx, challenge.id, now, expiresAt);
    await enqueueCodeDelivery(trx, challenge.id, generation);
    return {
      expiresAt,
      resendAvailableAt: resendAvailableAt(now),
      channel,
      maskedDestination: channel === 'EMAIL' ? maskEmail(destination) : maskPhone(destination),
    };
  });
}

/** For the code page: where the code went, and whether its delivery failed for good. */
export async function describeChallenge(deps: CoreDeps, challengeToken: string | undefined) {
  const found = challengeToken ? await q.findChallengeByTokenHash(deps.db, hashToken(challengeToken)) : undefined;
  if (!found || found.consumed_at) return null;
  return {
    channel: found.channel as 'EMAIL' | 'SMS',
    maskedDestination: found.channel === 'EMAIL' ? maskEmail(found.destination) : maskPhone(found.destination),
    deliveryFailed: found.delivery_failed_at !== null,
    expiresAt: found.expires_at,
    resendAvailableAt: resendAvailableAt(found.last_sent_at),
  };
}

export async function signOut(deps: CoreDeps, sessionId: string, meta: RequestMeta): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await q.revokeSession(trx, sessionId, now);
    if (revoked) {
      await recordAudit(trx, {
        action: 'SIGN_OUT',
        at: now,
        actorAccountId: revoked.account_id,
        subjectAccountId: revoked.account_id,
        ...metaOf(meta),
      });
    }
  });
}

/**
 * The live session a cookie designates and its viewer, in one round trip: the session with its
 * account, and the account's habilitations, side by side.
 */
export async function viewerFromSession(
  deps: CoreDeps,
  sessionToken: string,
): Promise<{ viewer: Viewer; sessionId: string } | undefined> {
  const now = deps.clock.now();
  const tokenHash = hashToken(sessionToken);
  const row = await q.findSessionWithAccount(deps.db, tokenHash);
  if (!row) return undefined;
  if (!sessionAlive({ createdAt: row.created_at, lastSeenAt: row.last_seen_at, revokedAt: row.revoked_at }, now))
    return undefined;
  if (now.getTime() - row.last_seen_at.getTime() >= SIGN_IN_RULES.sessionTouchEveryMs) {
    await q.touchSession(deps.db, row.session_id, now);
  }
  const viewer = viewerFrom(deps, row, row.habilitations.map(toHabilitationView));
  return viewer && { viewer, sessionId: row.session_id };
}

export function metaOf(meta: RequestMeta) {
  return { ip: meta.ip, userAgent: meta.userAgent };
}
