import type { AppRouter } from '@trajectoire/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Hono } from 'hono';

/**
 * A browser-like caller of the Hono app, without a listening server: it keeps cookies
 * between calls and sends what the portal sends, through the real typed tRPC client.
 */
export function createTestBrowser(app: Hono, options: { ip?: string; csrfHeader?: boolean; origin?: string } = {}) {
  const cookies = new Map<string, string>();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (options.ip) headers.set('x-forwarded-for', options.ip);
    if (options.origin) headers.set('origin', options.origin);
    const response = await app.request(String(input), { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => a.trim().toLowerCase() === 'max-age=0');
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://localhost/trpc',
        fetch,
        headers: () => (options.csrfHeader === false ? {} : { 'x-trajectoire-csrf': '1' }),
      }),
    ],
  });
  return { client, cookies, fetch };
}

export type TestBrowser = ReturnType<typeof createTestBrowser>;
