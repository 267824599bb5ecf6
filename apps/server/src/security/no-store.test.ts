import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { insertAccount, insertEstablishment, TEST_PASSWORD } from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { afterAll, describe, expect, it } from 'vitest';

/** Answers hold personal data and depend on who asks: no browser or proxy cache may keep any. */
const system = await createTestSystem();
const establishment = await insertEstablishment(system.db, { departement: '74' });
const admin = await insertAccount(system.db, { nationalAdmin: true });
const browser = await system.signedInBrowser(admin, TEST_PASSWORD);
const session = {
  cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  'x-trajectoire-csrf': '1',
  'content-type': 'application/json',
};
// Over a real socket: a download is then written to Node's response directly, headers included.
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: system.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const answer = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${base}${path}`, init);
  await response.arrayBuffer();
  return { status: response.status, cacheControl: response.headers.get('cache-control') };
};
const exportPath = (establishmentId: string) =>
  `/exports/revue-habilitations.xlsx?${new URLSearchParams({ domain: 'SANITAIRE', departement: '74', establishmentId })}`;

describe('Cache-Control: no-store', () => {
  it.each([
    ['a query', '/trpc/habilitations.catalogue', { headers: session }, 200],
    ['a public query, anonymous', '/trpc/auth.session', {}, 200],
    [
      'a mutation',
      '/trpc/habilitations.delete',
      { method: 'POST', headers: session, body: JSON.stringify({ id: randomUUID() }) },
      404,
    ],
    [
      'a public mutation',
      '/trpc/auth.captcha',
      { method: 'POST', headers: { 'x-trajectoire-csrf': '1', 'content-type': 'application/json' } },
      200,
    ],
    ['a refusal to an anonymous caller', '/trpc/accounts.me', {}, 401],
    ['an invalid input', '/trpc/accounts.search?input=%7B%7D', { headers: session }, 400],
    ['an unknown procedure', '/trpc/accounts.nothing', { headers: session }, 404],
    ['a download', exportPath(establishment.id), { headers: session }, 200],
    ['a download refused to an anonymous caller', exportPath(establishment.id), {}, 401],
    ['a download with invalid filters', '/exports/revue-habilitations.xlsx?domain=X', { headers: session }, 400],
    // Last: answered before its body is read, its connection is not reused.
    ['a body too large', '/trpc/auth.signIn', { method: 'POST', body: 'x'.repeat(200 * 1024) }, 413],
  ] as const)('on %s', async (_, path, init, status) => {
    expect(await answer(path, init as RequestInit)).toEqual({ status, cacheControl: 'no-store' });
  });
});
