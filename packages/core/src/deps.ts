import type { Database } from '@trajectoire/db';
import type { CredentialCache } from './access/credential-cache';
import type { ApiKeyCredential } from './access/credentials';
import type { Clock } from './shared/clock';
import type { RateLimit } from './shared/rate-limit';

export interface CoreConfig {
  /** Derives one-time codes; shared by servers and workers. */
  appSecret: string;
  /** Passwords expire this many months after they were set (the seed sheets say 6). */
  passwordValidityMonths?: number;
  rateLimits: {
    signInPerIp: RateLimit;
    signInPerUsername: RateLimit;
    codePerIp: RateLimit;
    codePerChallenge: RateLimit;
    /** Password links (reset, activation): each try may cost several Argon2 computations. */
    resetPasswordPerIp: RateLimit;
    /** The forced change of an expired password: as costly as a reset. */
    changeExpiredPasswordPerIp: RateLimit;
    captchaPerIp: RateLimit;
    /** « Rechercher un utilisateur », per référent: enough to type, not enough to page through the country. */
    searchPerViewer: RateLimit;
  };
}

export const DEFAULT_RATE_LIMITS: CoreConfig['rateLimits'] = {
  signInPerIp: { limit: 60, windowMs: 60_000 },
  signInPerUsername: { limit: 20, windowMs: 15 * 60_000 },
  codePerIp: { limit: 60, windowMs: 60_000 },
  codePerChallenge: { limit: 20, windowMs: 10 * 60_000 },
  // A hospital's staff may share one address: room for a morning of activations behind one proxy.
  resetPasswordPerIp: { limit: 30, windowMs: 15 * 60_000 },
  changeExpiredPasswordPerIp: { limit: 30, windowMs: 15 * 60_000 },
  captchaPerIp: { limit: 60, windowMs: 15 * 60_000 },
  searchPerViewer: { limit: 60, windowMs: 60_000 },
};

/** What every use case needs: the database, the time, and the configuration. */
export interface CoreDeps {
  db: Database;
  clock: Clock;
  config: CoreConfig;
  /** What API keys act as, kept between requests by a server that hears the database's changes. */
  apiKeyCache?: CredentialCache<ApiKeyCredential>;
}

/** Where a request comes from, for rate limits and the audit log. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}
