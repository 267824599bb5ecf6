import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type DEFAULT_RATE_LIMITS, hashPassword } from '@trajectoire/core';
import { createDatabase } from '@trajectoire/db';
import { type EmbeddedServer, startEmbeddedPostgres } from '@trajectoire/db/embedded';
import { migrateToLatest } from '@trajectoire/db/migrator';
import { DEMO_PASSWORD, isSeeded, type SeedProgress, seedDemoData } from '@trajectoire/demo-data';
import { type LocalRor, startLocalRor } from '@trajectoire/local-ror';
import { type MailCatcher, startMailCatcher } from '@trajectoire/mail-catcher';
import { startServer } from '@trajectoire/server';
import { startWorker, workerTuning } from '@trajectoire/worker';
import { ensureDatabase } from './database';
import type { LauncherEnv } from './env';

export interface SystemOptions {
  env: LauncherEnv;
  /** Start the worker too (the benchmarks start their own). */
  worker?: boolean;
  rateLimits?: typeof DEFAULT_RATE_LIMITS;
  onSeedProgress?: SeedProgress;
  log?: (line: string) => void;
}

export interface RunningSystem {
  url: string;
  databaseUrl: string;
  smtpUrl: string;
  inboxUrl: string | null;
  appSecret: string;
  mailCatcher: MailCatcher | null;
  /** The ROR the sync reads (ROR_* variables), and the local one when ROR_FHIR_URL is unset. */
  ror: RorSettings;
  localRor: LocalRor | null;
  seeded: boolean;
  stop(): Promise<void>;
}

/**
 * Starts everything a person needs to use the portal: Postgres (embedded unless
 * DATABASE_URL is set), the schema, the demo data (once), a mail catcher (unless SMTP_URL
 * is set), the server and the worker.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { env } = options;
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(env.DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => console.error(e));
  };

  try {
    let databaseUrl = env.DATABASE_URL;
    let embedded: EmbeddedServer | undefined;
    if (!databaseUrl) {
      log(`Démarrage de Postgres embarqué (données dans ${path.join(dataDir, 'postgres')})…`);
      // In a session of its own: stopped last, once the worker and the server have stopped.
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: env.EMBEDDED_PG_PORT,
        ownSession: true,
      });
      stops.push(() => (embedded as EmbeddedServer).stop());
      await ensureDatabase(embedded.url(), 'trajectoire');
      databaseUrl = embedded.url('trajectoire');
    }

    const db = createDatabase(databaseUrl, { max: 2 });
    let seeded = false;
    try {
      log('Migration du schéma…');
      await migrateToLatest(db as never, databaseUrl);
      if (env.SEED === 'true' && !(await isSeeded(db))) {
        log('Chargement des données de démonstration…');
        await seedDemoData(db, await hashPassword(DEMO_PASSWORD), { progress: options.onSeedProgress });
        seeded = true;
      }
    } finally {
      await db.destroy();
    }

    let smtpUrl = env.SMTP_URL;
    let mailCatcher: MailCatcher | null = null;
    if (!smtpUrl) {
      mailCatcher = await startMailCatcher({ smtpPort: env.MAIL_SMTP_PORT, httpPort: env.MAIL_HTTP_PORT });
      stops.push(() => (mailCatcher as MailCatcher).stop());
      smtpUrl = mailCatcher.smtpUrl;
    }

    let localRor: LocalRor | null = null;
    if (!env.ROR_FHIR_URL) {
      localRor = await startLocalRor({
        port: env.LOCAL_ROR_PORT,
        ...(env.LOCAL_ROR_UNITS ? { units: env.LOCAL_ROR_UNITS } : { establishments: env.LOCAL_ROR_ESTABLISHMENTS }),
      });
      stops.push(() => (localRor as LocalRor).close());
    }
    // What the sync reads (ROR_* variables): the local ROR's, unless a real one is configured. The
    // worker takes it as an option, as it takes the mail catcher's SMTP URL.
    const ror = rorSettings(env, localRor);

    const appSecret = env.APP_SECRET ?? (await localSecret(path.join(dataDir, 'app-secret')));
    const dbTimeouts = {
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    };
    const server = await startServer({
      port: env.PORT,
      host: env.HOST,
      databaseUrl,
      appSecret,
      ...serverAddressOptions(env),
      dbTimeouts,
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    });
    stops.push(() => server.stop());

    if (options.worker !== false) {
      const worker = await startWorker({
        databaseUrl,
        appSecret,
        smtpUrl,
        publicUrl: env.PUBLIC_URL ?? `http://127.0.0.1:${server.port}`,
        dbTimeouts,
        ...(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
          ? { twilio: { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: env.TWILIO_FROM } }
          : {}),
        quiet: true,
        ...workerTuning(env),
        ...(env.MAIL_FROM ? { mailFrom: env.MAIL_FROM } : {}),
        ...(ror.fhirUrl
          ? {
              ror: {
                fhirUrl: ror.fhirUrl,
                tokenUrl: ror.tokenUrl,
                clientId: ror.clientId,
                clientSecret: ror.clientSecret,
                identity: {
                  profilUtilisateurCode: ror.profilUtilisateurCode,
                  profilUtilisateurSystem: ror.profilUtilisateurSystem,
                  roleMetierCode: ror.roleMetierCode,
                  roleMetierSystem: ror.roleMetierSystem,
                },
              },
            }
          : {}),
      });
      stops.push(() => worker.stop());
    }

    return {
      url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${server.port}`,
      databaseUrl,
      smtpUrl,
      inboxUrl: mailCatcher?.inboxUrl ?? null,
      appSecret,
      mailCatcher,
      ror,
      localRor,
      seeded,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Where people reach the portal, as the server's own entry point reads it: behind a proxy that
 * ends TLS, PUBLIC_URL is the origin mutations must come from and turns on Secure cookies.
 */
export function serverAddressOptions(env: Pick<LauncherEnv, 'PUBLIC_URL' | 'COOKIE_SECURE'>) {
  return {
    secureCookies: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : !!env.PUBLIC_URL?.startsWith('https:'),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
  };
}

export interface RorSettings {
  fhirUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  profilUtilisateurCode: string;
  profilUtilisateurSystem: string;
  roleMetierCode: string;
  roleMetierSystem: string;
}

/** The ROR to read: the configured one, or the local one (whose values fill what is not set). */
export function rorSettings(env: LauncherEnv, local: LocalRor | null): RorSettings {
  const headers = local?.headers;
  return {
    fhirUrl: env.ROR_FHIR_URL ?? local?.url ?? '',
    tokenUrl: env.ROR_TOKEN_URL ?? local?.tokenUrl ?? '',
    clientId: env.ROR_CLIENT_ID ?? local?.clientId ?? '',
    clientSecret: env.ROR_CLIENT_SECRET ?? local?.clientSecret ?? '',
    profilUtilisateurCode: env.ROR_PROFIL_UTILISATEUR_CODE ?? headers?.['Ror-Profil-Utilisateur-Code'] ?? '',
    profilUtilisateurSystem: env.ROR_PROFIL_UTILISATEUR_SYSTEM ?? headers?.['Ror-Profil-Utilisateur-System'] ?? '',
    roleMetierCode: env.ROR_ROLE_METIER_CODE ?? headers?.['Ror-Role-Metier-Code'] ?? '',
    roleMetierSystem: env.ROR_ROLE_METIER_SYSTEM ?? headers?.['Ror-Role-Metier-System'] ?? '',
  };
}

/** A secret made once per machine for local runs, kept beside the data. */
async function localSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
