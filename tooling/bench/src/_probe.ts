import { createApiKey, DEFAULT_RATE_LIMITS } from '@trajectoire/core';
import { createClient } from '@trajectoire/client';
import { startServer } from '@trajectoire/server';
import { benchDatabase } from './environment';
const env = await benchDatabase();
const db = env.db;
const admin = await db.insertInto('accounts').values({ username: 'a', first_name: 'A', last_name: 'B', email: 'a@b.c', national_admin: true }).returning('id').executeTakeFirstOrThrow();
const appSecret = 'x'.repeat(40);
const deps = { db, clock: { now: () => new Date() }, config: { appSecret, rateLimits: DEFAULT_RATE_LIMITS } };
const { key } = await createApiKey(deps, admin.id, 'k');
const server = await startServer({ port: 0, databaseUrl: env.url, appSecret, secureCookies: false, portalDir: '/nonexistent' });
const client = createClient({ url: `http://127.0.0.1:${server.port}`, apiKey: key });
const time = async (label: string, f: () => Promise<unknown>) => {
  for (let i = 0; i < 20; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < 100; i++) { const t = performance.now(); await f(); xs.push(performance.now() - t); }
  xs.sort((a, b) => a - b);
  console.log(label, 'p50', xs[50]!.toFixed(2), 'p95', xs[95]!.toFixed(2));
};
await time('auth.session via client', () => client.auth.session.query());
await time('auth.passwordPolicy via client', () => client.auth.passwordPolicy.query());
const anon = createClient({ url: `http://127.0.0.1:${server.port}`, apiKey: 'nope' });
await time('passwordPolicy anonymous', () => anon.auth.passwordPolicy.query());
await time('raw fetch trpc anonymous', () => fetch(`http://127.0.0.1:${server.port}/trpc/auth.passwordPolicy`).then((r) => r.text()));
const { loadViewer, resolveApiKey } = await import('@trajectoire/core');
await time('resolveApiKey+loadViewer direct', async () => loadViewer(deps, (await resolveApiKey(deps, key))!));
await time('raw fetch healthz', () => fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => r.text()));
await server.stop();
await env.stop();
