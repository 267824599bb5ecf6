import { describe, expect, it } from 'vitest';
import { isCrossSite } from './http-context';

const post = (origin: string | undefined, url = 'http://10.0.0.5:3000/trpc/auth.signOut') =>
  new Request(url, {
    method: 'POST',
    headers: { 'x-trajectoire-csrf': '1', 'sec-fetch-site': 'same-origin', ...(origin ? { origin } : {}) },
  });

describe('isCrossSite', () => {
  it("expects the request's own origin when no public address is configured", () => {
    expect(isCrossSite(post('http://10.0.0.5:3000'))).toBe(false);
    expect(isCrossSite(post('https://evil.example'))).toBe(true);
  });

  it('behind a proxy that ends TLS, expects the public origin and refuses the rest', () => {
    const options = { publicOrigin: 'https://trajectoire.example.fr' };
    // The page is https://…, the request reaches this process as plain HTTP from the proxy.
    expect(isCrossSite(post('https://trajectoire.example.fr'), options)).toBe(false);
    expect(isCrossSite(post('http://10.0.0.5:3000'), options)).toBe(true);
    expect(isCrossSite(post('https://evil.example'), options)).toBe(true);
  });

  it('refuses a cookie mutation without our header, whatever the origin', () => {
    const request = new Request('http://10.0.0.5:3000/trpc/auth.signOut', {
      method: 'POST',
      headers: { origin: 'https://trajectoire.example.fr' },
    });
    expect(isCrossSite(request, { publicOrigin: 'https://trajectoire.example.fr' })).toBe(true);
  });
});
