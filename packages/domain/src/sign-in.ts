/** Rules of password sign-in and the one-time code, as data: the clock is always passed in. */
export const SIGN_IN_RULES = {
  /** Consecutive wrong passwords before the account is blocked. */
  maxFailedPasswords: 5,
  codeDigits: 6,
  codeLifetimeMs: 10 * 60_000,
  codeMaxAttempts: 5,
  /** Wait before a new code may be sent for the same challenge. */
  codeResendCooldownMs: 60_000,
  codeMaxSends: 5,
  /** « une fois par tranche de 8h » */
  trustedBrowserMs: 8 * 3_600_000,
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 3_600_000,
  /** Touch the session row at most this often, to keep reads cheap. */
  sessionTouchEveryMs: 60_000,
} as const;

/** Why a challenge takes no more guesses. */
export type ChallengeClosed = 'EXPIRED' | 'USED' | 'TOO_MANY_ATTEMPTS';

export type ChallengeCheck = { ok: true } | { ok: false; reason: ChallengeClosed };

export type CodeCheck = { ok: true } | { ok: false; reason: ChallengeClosed | 'WRONG_CODE' };

export interface ChallengeState {
  expiresAt: Date;
  consumedAt: Date | null;
  attempts: number;
}

/**
 * Whether a challenge can still take a guess, before comparing the code itself. Out of attempts
 * comes before expired: a new code would not help, the person must sign in again.
 */
export function challengeOpen(challenge: ChallengeState, now: Date): ChallengeCheck {
  if (challenge.consumedAt) return { ok: false, reason: 'USED' };
  if (challenge.attempts >= SIGN_IN_RULES.codeMaxAttempts) return { ok: false, reason: 'TOO_MANY_ATTEMPTS' };
  if (now >= challenge.expiresAt) return { ok: false, reason: 'EXPIRED' };
  return { ok: true };
}

/** When a new code may be sent for a challenge whose last code went out at `lastSentAt`. */
export function resendAvailableAt(lastSentAt: Date): Date {
  return new Date(lastSentAt.getTime() + SIGN_IN_RULES.codeResendCooldownMs);
}

export type SessionState = { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null };

export function sessionAlive(session: SessionState, now: Date): boolean {
  if (session.revokedAt) return false;
  if (now.getTime() - session.lastSeenAt.getTime() >= SIGN_IN_RULES.sessionIdleMs) return false;
  return now.getTime() - session.createdAt.getTime() < SIGN_IN_RULES.sessionAbsoluteMs;
}

// Built once: constructing an Intl.DateTimeFormat costs milliseconds, and every request needs one.
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in France: habilitation dates are French calendar days. */
export function parisDate(now: Date): string {
  return PARIS_DAY.format(now);
}
