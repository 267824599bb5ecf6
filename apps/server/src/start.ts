import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type ApiKeyCredential, DEFAULT_RATE_LIMITS, startCredentialCache, systemClock } from '@trajectoire/core';
import { APP_POOL_TIMEOUTS, createDatabase } from '@trajectoire/db';
import { createApp } from './app';

export const DEFAULT_PORTAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../portal/dist');

export interface StartServerOptions {
  port: number;
  /** Interface to listen on; 127.0.0.1 unless deployed behind a proxy. */
  host?: string;
  databaseUrl: string;
  appSecret: string;
  secureCookies: boolean;
  trustProxy?: boolean;
  /** PUBLIC_URL: where people reach the portal, when a proxy stands in between. */
  publicUrl?: string;
  portalDir?: string;
  rateLimits?: typeof DEFAULT_RATE_LIMITS;
  /** Prepared statements (default true); off behind a pooler that cannot keep them. */
  preparedStatements?: boolean;
  /**
   * Keep what API keys act as in memory, emptied by the database's change notifications (default
   * true; API_KEY_CACHE=false). Where notifications are not heard (a pooler in transaction mode)
   * the cache stays empty by itself.
   */
  cacheApiKeys?: boolean;
  /** The pool's bounds, in ms, 0 for none (default APP_POOL_TIMEOUTS; DB_STATEMENT_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  dbTimeouts?: { statementTimeoutMs?: number | undefined; idleInTransactionTimeoutMs?: number | undefined };
}

/** Starts the HTTP server; resolves once it listens, with the bound port and a stop function. */
export async function startServer(options: StartServerOptions) {
  const db = createDatabase(options.databaseUrl, {
    max: 20,
    prepareStatements: options.preparedStatements ?? true,
    statementTimeoutMs: options.dbTimeouts?.statementTimeoutMs ?? APP_POOL_TIMEOUTS.statementTimeoutMs,
    idleInTransactionTimeoutMs:
      options.dbTimeouts?.idleInTransactionTimeoutMs ?? APP_POOL_TIMEOUTS.idleInTransactionTimeoutMs,
  });
  const apiKeys =
    options.cacheApiKeys === false ? undefined : await startCredentialCache<ApiKeyCredential>(options.databaseUrl);
  const app = createApp({
    deps: {
      db,
      clock: systemClock,
      config: { appSecret: options.appSecret, rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS },
      ...(apiKeys ? { apiKeyCache: apiKeys.cache } : {}),
    },
    portalDir: options.portalDir ?? DEFAULT_PORTAL_DIR,
    secureCookies: options.secureCookies,
    trustProxy: options.trustProxy ?? false,
    ...(options.publicUrl ? { publicOrigin: new URL(options.publicUrl).origin } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    /** What API keys act as, in memory: hits, misses, invalidations, and whether changes are heard (undefined when off). */
    apiKeyCacheStats: () => apiKeys && { ...apiKeys.cache.stats, live: apiKeys.listener.live() },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apiKeys?.listener.stop();
      await db.destroy();
    },
  };
}
