import { readServerEnv } from './env';
import { startServer } from './start';

// The server's entry point (`npm start -w @trajectoire/server` runs its compiled bundle).
const env = readServerEnv();
const { port } = await startServer({
  port: env.PORT,
  host: env.HOST,
  databaseUrl: env.DATABASE_URL,
  appSecret: env.APP_SECRET,
  secureCookies: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : !!env.PUBLIC_URL?.startsWith('https:'),
  trustProxy: env.TRUST_PROXY === 'true',
  ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
  preparedStatements: env.DB_PREPARED_STATEMENTS === 'true',
  cacheApiKeys: env.API_KEY_CACHE === 'true',
  dbTimeouts: {
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  },
  ...(env.PORTAL_DIR ? { portalDir: env.PORTAL_DIR } : {}),
});
console.log(`Trajectoire Pro server listening on http://${env.HOST}:${port}`);
