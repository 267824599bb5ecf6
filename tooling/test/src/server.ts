import { type CoreDeps, DEFAULT_RATE_LIMITS } from '@trajectoire/core';
import { startServer } from '@trajectoire/server';
import { afterAll } from 'vitest';
import { createTestDatabase } from './database';
import { TEST_APP_SECRET } from './system';

/**
 * The real server, listening on a port of its own over the calling file's database, stopped
 * when the file's tests end: for what only a real socket shows (the typed client, downloads,
 * the API-key cache and its notifications). `deps` acts on the same database from outside it.
 */
export async function startTestServer() {
  const { db, url } = await createTestDatabase();
  const server = await startServer({
    port: 0,
    databaseUrl: url,
    appSecret: TEST_APP_SECRET,
    secureCookies: false,
    portalDir: '/nonexistent',
  });
  afterAll(() => server.stop());
  const deps: CoreDeps = {
    db,
    clock: { now: () => new Date() },
    config: { appSecret: TEST_APP_SECRET, rateLimits: DEFAULT_RATE_LIMITS },
  };
  return { db, url, server, deps, base: `http://127.0.0.1:${server.port}` };
}
