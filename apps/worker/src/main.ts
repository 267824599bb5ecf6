import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, DEFAULT_RATE_LIMITS, NOT_CONFIGURED, systemClock } from '@trajectoire/core';
import { APP_POOL_TIMEOUTS, createDatabase, createJobQueuePool } from '@trajectoire/db';
import { createInboxSmsSender, createSmtpMailer } from '@trajectoire/notifications';
import { createRorClient, type RorClientOptions } from '@trajectoire/ror-client';
import { run } from 'graphile-worker';
import { CRONTAB } from './crontab';
import { readWorkerEnv, rorSettings, workerTuning } from './env';
import { taskList } from './task-list';

export interface StartWorkerOptions {
  databaseUrl: string;
  appSecret: string;
  smtpUrl: string;
  mailFrom?: string;
  /** Real SMS through Twilio; without it SMS land in the mail inbox, marked as SMS. */
  twilio?: { accountSid: string; authToken: string; from: string; baseUrl?: string };
  /** The portal's public address, for links in mails and SMS. */
  publicUrl: string;
  concurrency?: number;
  /** Prepared statements (default true); off behind a pooler that cannot keep them. */
  preparedStatements?: boolean;
  /** The tasks' pool's bounds, in ms, 0 for none (default APP_POOL_TIMEOUTS); graphile-worker's own pool keeps Postgres's. */
  dbTimeouts?: { statementTimeoutMs?: number | undefined; idleInTransactionTimeoutMs?: number | undefined };
  clock?: Clock;
  /** The ROR the sync runs read (the launcher passes the local one); absent: runs fail, saying so. */
  ror?: RorClientOptions;
  /** Threads parsing a full load's export (default 2 where the machine has two cores or more; 0: in the job's own thread). */
  rorReadThreads?: number;
  /** Batches of a full load merged at once, each on its own connection (default 2). */
  rorMergeLanes?: number;
  /** Silence graphile-worker's per-job info lines (tests, benchmarks). */
  quiet?: boolean;
}

export async function startWorker(options: StartWorkerOptions) {
  // Habilitations end on French calendar days: the crontab is read in French time.
  process.env.TZ = 'Europe/Paris';
  const db = createDatabase(options.databaseUrl, {
    max: (options.concurrency ?? 5) + 2,
    prepareStatements: options.preparedStatements ?? true,
    statementTimeoutMs: options.dbTimeouts?.statementTimeoutMs ?? APP_POOL_TIMEOUTS.statementTimeoutMs,
    idleInTransactionTimeoutMs:
      options.dbTimeouts?.idleInTransactionTimeoutMs ?? APP_POOL_TIMEOUTS.idleInTransactionTimeoutMs,
  });
  const mailer = createSmtpMailer(
    options.smtpUrl,
    options.mailFrom ?? 'Trajectoire Pro <ne-pas-repondre@trajectoire.local>',
  );
  // The twilio SDK is large: loaded only where SMS really go through Twilio.
  const sms = options.twilio
    ? (await import('@trajectoire/notifications/twilio')).createTwilioSmsSender(options.twilio)
    : createInboxSmsSender(mailer);
  const notifier = { mailer, sms, publicUrl: options.publicUrl.replace(/\/+$/, '') };
  const core = {
    db,
    clock: options.clock ?? systemClock,
    config: { appSecret: options.appSecret, rateLimits: DEFAULT_RATE_LIMITS },
  };
  const { Logger } = await import('graphile-worker');
  const queuePool = createJobQueuePool(options.databaseUrl);
  const runner = await run({
    pgPool: queuePool,
    concurrency: options.concurrency ?? 5,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: taskList({
      core,
      notifier,
      ror: options.ror
        ? {
            client: createRorClient(options.ror),
            options: {
              ...(options.rorReadThreads !== undefined ? { readThreads: options.rorReadThreads } : {}),
              ...(options.rorMergeLanes !== undefined ? { mergeLanes: options.rorMergeLanes } : {}),
            },
          }
        : { unavailable: NOT_CONFIGURED },
    }),
    crontab: CRONTAB,
    ...(options.quiet
      ? {
          logger: new Logger(() => (level: string, message: string) => {
            if (level === 'error') console.error(message);
          }),
        }
      : {}),
  }).catch(async (error: unknown) => {
    await queuePool.end();
    throw error;
  });
  return {
    runner,
    async stop() {
      await runner.stop();
      await queuePool.end();
      mailer.close();
      await db.destroy();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const env = readWorkerEnv();
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    appSecret: env.APP_SECRET,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    preparedStatements: env.DB_PREPARED_STATEMENTS === 'true',
    dbTimeouts: {
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    publicUrl: env.PUBLIC_URL,
    ...(rorSettings(env) ? { ror: rorSettings(env) } : {}),
    ...workerTuning(env),
    ...(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? { twilio: { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: env.TWILIO_FROM } }
      : {}),
  });
  console.log('Trajectoire Pro worker started');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void worker.stop().then(() => process.exit(0)));
  }
}
