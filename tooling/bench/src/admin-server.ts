import { createClient } from '@trajectoire/client';
import { createApiKey, DEFAULT_RATE_LIMITS } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import { startServer } from '@trajectoire/server';

export const BENCH_APP_SECRET = 'bench-secret-0123456789-0123456789-0123';

/** A national administrator with an API key, and a server its typed client talks to over HTTP. */
export async function adminServer(db: Database, url: string, username: string) {
  const admin = await db
    .insertInto('accounts')
    .values({
      username,
      first_name: 'Bench',
      last_name: 'Admin',
      email: `${username}@bench.test`,
      national_admin: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const deps = {
    db,
    clock: { now: () => new Date() },
    config: { appSecret: BENCH_APP_SECRET, rateLimits: DEFAULT_RATE_LIMITS },
  };
  const { key } = await createApiKey(deps, admin.id, 'bench');
  const server = await startServer({
    port: 0,
    databaseUrl: url,
    appSecret: BENCH_APP_SECRET,
    secureCookies: false,
    portalDir: '/nonexistent',
  });
  const base = `http://127.0.0.1:${server.port}`;
  return { deps, key, server, base, client: createClient({ url: base, apiKey: key }) };
}
