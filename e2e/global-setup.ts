import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLauncherEnv, startSystem } from '@trajectoire/launcher';
import { DATABASE_URL_VARIABLE, SYSTEM } from './support/system';

const PORTAL_INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/portal/dist/index.html');

/** The whole system, in this process, on a fresh database with the demo data; the returned function stops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(PORTAL_INDEX)) {
    throw new Error(`The portal is not built (${PORTAL_INDEX}): run \`npm run build -w @trajectoire/portal\` first.`);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'trajectoire-e2e-'));
  // As root, Postgres runs as a `postgres` user, which must be able to reach its data inside.
  await chmod(dataDir, 0o755);
  const system = await startSystem({
    env: readLauncherEnv({
      PORT: String(SYSTEM.port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(SYSTEM.embeddedPgPort),
      MAIL_SMTP_PORT: String(SYSTEM.mailSmtpPort),
      MAIL_HTTP_PORT: String(SYSTEM.mailHttpPort),
      LOCAL_ROR_PORT: String(SYSTEM.localRorPort),
    }),
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  console.log(`System started: ${system.url} (inbox ${system.inboxUrl ?? '—'}, data in ${dataDir})`);
  // Workers start after this and inherit the variable: tests prepare their own accounts in the database.
  process.env[DATABASE_URL_VARIABLE] = system.databaseUrl;
  return async () => {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
