import type { ApiContext, CookieJar, CookieName } from '@trajectoire/api';
import { type CoreDeps, viewerFromApiKey, viewerFromSession } from '@trajectoire/core';
import { SIGN_IN_RULES } from '@trajectoire/domain';

export interface HttpOptions {
  /** Secure cookies everywhere but plain-HTTP local runs. */
  secureCookies: boolean;
  /** Read the client address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  /**
   * The origin people reach the portal at (from PUBLIC_URL), when it differs from what this
   * process sees: behind a proxy that ends TLS, pages are `https://…` while requests arrive here
   * as plain HTTP. Without it, the request's own origin is expected.
   */
  publicOrigin?: string;
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** Cookies are HttpOnly and SameSite=Lax; Secure unless running locally over HTTP. */
export function cookieJar(req: Request, resHeaders: Headers, options: HttpOptions): CookieJar {
  const incoming = parseCookies(req.headers.get('cookie'));
  const write = (name: CookieName, value: string, maxAge?: number) => {
    const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (options.secureCookies) parts.push('Secure');
    if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
    resHeaders.append('set-cookie', parts.join('; '));
  };
  return {
    get: (name) => {
      const value = incoming.get(name);
      // Tokens are base64url: anything else is forged or damaged, and is ignored.
      return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    },
    set: (name, value, opts) => {
      write(name, value, opts?.maxAgeSeconds ?? SIGN_IN_RULES.sessionAbsoluteMs / 1000);
    },
    clear: (name) => write(name, '', 0),
  };
}

export async function resolveCaller(deps: CoreDeps, req: Request, cookies: CookieJar): Promise<ApiContext['caller']> {
  const authorization = req.headers.get('authorization');
  if (authorization?.startsWith('Bearer ')) {
    const viewer = await viewerFromApiKey(deps, authorization.slice('Bearer '.length).trim());
    return viewer ? { viewer, sessionId: null } : null;
  }
  const token = cookies.get('tp_session');
  return (token && (await viewerFromSession(deps, token))) || null;
}

/**
 * A cookie-authenticated mutation must come from our own pages: browsers add Origin and
 * Sec-Fetch-Site to cross-site requests, and only our client sets the custom header (a
 * cross-site page cannot set it without a CORS preflight, which we never allow).
 */
export function isCrossSite(req: Request, options: Pick<HttpOptions, 'publicOrigin'> = {}): boolean {
  if (req.method !== 'POST') return false;
  if (req.headers.get('authorization')?.startsWith('Bearer ')) return false;
  if (req.headers.get('x-trajectoire-csrf') !== '1') return true;
  if (req.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = req.headers.get('origin');
  if (origin && origin !== (options.publicOrigin ?? new URL(req.url).origin)) return true;
  return false;
}
