import { type CoreConfig, type CoreDeps, DEFAULT_RATE_LIMITS, ManualClock } from '@trajectoire/core';
import { type LocalRor, type LocalRorOptions, startLocalRor } from '@trajectoire/local-ror';
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
  options: {
    rateLimits?: Partial<CoreConfig['rateLimits']>;
    sms?: SmsSender;
    passwordValidityMonths?: number;
    /** Also start a local ROR (tooling/local-ror) with these options; `ror` is null otherwise. */
    localRor?: LocalRorOptions;
  } = {},
) {
  const { db, url } = await createTestDatabase();
  const clock = new ManualClock();
  const catcher: MailCatcher = await startMailCatcher();
  const ror: LocalRor | null = options.localRor ? await startLocalRor(options.localRor) : null;
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
    await ror?.close();
  });
  /** Runs the due jobs through the real worker tasks, then waits until the inbox lists what they sent. */
  const runJobs = async () => {
    await runOnce({ connectionString: url, taskList: taskList({ core: deps, notifier }), logger: silentLogger });
    await catcher.settled();
  };

  /** The last 6-digit code sent to an address (mail, or SMS landing in the inbox), after running due jobs. */
  const lastCode = async (to: string): Promise<string> => {
    await runJobs();
    // The last message that carries a code: a notice sent after it (jobs run by priority, codes
    // first) must not hide it.
    const code = catcher
      .messages()
      .filter((m) => m.to.includes(to.toLowerCase()))
      .map((m) => m.text.match(/\b(\d{6})\b/)?.[1])
      .filter((c): c is string => c !== undefined)
      .at(-1);
    if (!code) throw new Error(`no code sent to ${to}`);
    return code;
  };

  /** A browser signed in as this account, through password and mailed code. */
  const signedInBrowser = async (account: { username: string; email: string }, password: string, ip?: string) => {
    const browser = createTestBrowser(app, { ip: ip ?? '192.0.2.10' });
    const step = await browser.client.auth.signIn.mutate({ username: account.username, password });
    if (step.status === 'CODE_REQUIRED')
      await browser.client.auth.verifyCode.mutate({ code: await lastCode(account.email) });
    else if (step.status !== 'SIGNED_IN') throw new Error(`unexpected sign-in step ${step.status}`);
    return browser;
  };

  return {
    db,
    url,
    clock,
    deps,
    app,
    catcher,
    ror,
    mailer,
    notifier,
    browser: (browserOptions: Parameters<typeof createTestBrowser>[1] = {}) =>
      createTestBrowser(app, { ip: '192.0.2.10', ...browserOptions }),
    runJobs,
    lastCode,
    signedInBrowser,
  };
}

import { Logger } from 'graphile-worker';

const silentLogger = new Logger(() => (level, message) => {
  if (level === 'error') console.error(message);
});

export type TestSystem = Awaited<ReturnType<typeof createTestSystem>>;
