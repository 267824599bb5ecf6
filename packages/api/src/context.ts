import type { CoreDeps, RequestMeta, Viewer } from '@trajectoire/core';

export interface CookieOptions {
  maxAgeSeconds?: number;
}

/** The cookies the API reads and writes; the HTTP layer decides their flags. */
export interface CookieJar {
  get(name: CookieName): string | undefined;
  set(name: CookieName, value: string, options?: CookieOptions): void;
  clear(name: CookieName): void;
}

export const COOKIES = {
  session: 'tp_session',
  challenge: 'tp_challenge',
  browser: 'tp_browser',
  passwordChange: 'tp_password_change',
} as const;
export type CookieName = (typeof COOKIES)[keyof typeof COOKIES];

export interface ApiContext {
  deps: CoreDeps;
  meta: RequestMeta;
  cookies: CookieJar;
  /** Set by the HTTP layer when a cookie-authenticated mutation does not come from our pages. */
  crossSite: boolean;
  /** Who is calling, resolved from the session cookie or the API key. */
  caller: { viewer: Viewer; sessionId: string | null } | null;
}
