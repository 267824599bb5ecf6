import { type CoreConfig, type CoreDeps, DEFAULT_RATE_LIMITS, ManualClock } from '@trajectoire/core';
import { type MailCatcher, startMailCatcher } from '@trajectoire/mail-catcher';
import { createInboxSmsSender, createSmtpMailer, type SmsSender } from '@trajectoire/notifications';
import { createApp } from '@trajectoire/server';
import { taskList } from '@trajectoire/worker';
import { runOnce } from 'graphile-worker';
import { afterAll } from 'vitest';
import { createTestBrowser } from './browser';
import { createTestDatabase } from './database';

export const TEST_APP_SECRET = 'test-app-secret-that-is-long-enough-0123456789';

/**
 * Everything one test file needs to drive the real stack: its own database, a clock it
 * moves, the Hono app, a real SMTP catcher, and the real worker tasks run on demand.
 */
export async function createTestSystem(
  options: { rateLimits?: Partial<CoreConfig['rateLimits']>; sms?: SmsSender; passwordValidityMonths?: number } = {},
) {
  const { db, url } = await createTestDatabase();
  const clock = new ManualClock();
  const catcher: MailCatcher = await startMailCatcher();
  const deps: CoreDeps = {
    db,
    clock,
    config: {
      appSecret: TEST_APP_SECRET,
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
      ...(options.passwordValidityMonths ? { passwordValidityMonths: options.passwordValidityMonths } : {}),
    },
  };
  const app = createApp({ deps, secureCookies: false, trustProxy: true });
  const mailer = createSmtpMailer(catcher.smtpUrl, 'Trajectoire Pro <test@trajectoire.local>');
  const notifier = {
    mailer,
    sms: options.sms ?? createInboxSmsSender(mailer),
    publicUrl: 'http://portail.test',
  };
  afterAll(async () => {
    mailer.close();
    await catcher.stop();
  });
  return {
    db,
    url,
    clock,
    deps,
    app,
    catcher,
    mailer,
    notifier,
    browser: (browserOptions: Parameters<typeof createTestBrowser>[1] = {}) =>
      createTestBrowser(app, { ip: '192.0.2.10', ...browserOptions }),
    /** Runs every job that is due, through the real worker tasks, then returns. */
    runJobs: () => runOnce({ connectionString: url, taskList: taskList({ core: deps, notifier }), logger: silentLogger }),
  };
}

import { Logger } from 'graphile-worker';

const silentLogger = new Logger(() => (level, message) => {
  if (level === 'error') console.error(message);
});

export type TestSystem = Awaited<ReturnType<typeof createTestSystem>>;
