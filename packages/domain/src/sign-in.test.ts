import { describe, expect, it } from 'vitest';
import { challengeOpen, parisDate, resendAvailableAt, SIGN_IN_RULES, sessionAlive } from './sign-in';

describe('challengeOpen', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const open = { expiresAt: new Date(now.getTime() + 1), consumedAt: null, attempts: 0 };

  it('accepts a fresh challenge', () => {
    expect(challengeOpen(open, now)).toEqual({ ok: true });
  });
  it('refuses at the expiry instant, after use, and after the last try', () => {
    expect(challengeOpen({ ...open, expiresAt: now }, now)).toEqual({ ok: false, reason: 'EXPIRED' });
    expect(challengeOpen({ ...open, consumedAt: now }, now)).toEqual({ ok: false, reason: 'USED' });
    expect(challengeOpen({ ...open, attempts: SIGN_IN_RULES.codeMaxAttempts }, now)).toEqual({
      ok: false,
      reason: 'TOO_MANY_ATTEMPTS',
    });
  });
  it('says out of attempts rather than expired when both hold: a new code would not help', () => {
    const spent = { ...open, expiresAt: now, attempts: SIGN_IN_RULES.codeMaxAttempts };
    expect(challengeOpen(spent, now)).toEqual({ ok: false, reason: 'TOO_MANY_ATTEMPTS' });
    expect(challengeOpen({ ...spent, consumedAt: now }, now)).toEqual({ ok: false, reason: 'USED' });
  });
});

describe('resendAvailableAt', () => {
  it('is one cooldown after the last code went out', () => {
    const sent = new Date('2026-11-25T10:00:00Z');
    expect(resendAvailableAt(sent).getTime() - sent.getTime()).toBe(SIGN_IN_RULES.codeResendCooldownMs);
  });
});

describe('sessionAlive', () => {
  const start = new Date('2026-11-25T08:00:00Z');
  const at = (ms: number) => new Date(start.getTime() + ms);

  it('ends after the idle timeout', () => {
    const s = { createdAt: start, lastSeenAt: start, revokedAt: null };
    expect(sessionAlive(s, at(SIGN_IN_RULES.sessionIdleMs - 1))).toBe(true);
    expect(sessionAlive(s, at(SIGN_IN_RULES.sessionIdleMs))).toBe(false);
  });
  it('ends after the absolute timeout even when active', () => {
    const late = at(SIGN_IN_RULES.sessionAbsoluteMs);
    expect(sessionAlive({ createdAt: start, lastSeenAt: late, revokedAt: null }, late)).toBe(false);
  });
  it('ends when revoked', () => {
    expect(sessionAlive({ createdAt: start, lastSeenAt: start, revokedAt: start }, start)).toBe(false);
  });
});

describe('parisDate', () => {
  it('uses the French calendar day, not UTC', () => {
    expect(parisDate(new Date('2026-11-25T23:30:00Z'))).toBe('2026-11-26');
    expect(parisDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(parisDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});
