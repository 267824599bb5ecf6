import { DEFAULT_RATE_LIMITS, oneTimeCode, signInWithPassword, systemClock } from '@trajectoire/core';
import { startMailCatcher } from '@trajectoire/mail-catcher';
import { createTestDatabase } from '@trajectoire/test-support/database';
import { insertAccount, TEST_PASSWORD } from '@trajectoire/test-support/fixtures';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '../main';

const { db, url } = await createTestDatabase();
const catcher = await startMailCatcher();
const appSecret = 'worker-test-secret-0123456789-0123456789';
const worker = await startWorker({
  databaseUrl: url,
  appSecret,
  smtpUrl: catcher.smtpUrl,
  publicUrl: 'http://portail.test',
  quiet: true,
  concurrency: 2,
});
afterAll(async () => {
  await worker.stop();
  await catcher.stop();
});
const deps = { db, clock: systemClock, config: { appSecret, rateLimits: DEFAULT_RATE_LIMITS } };

describe('account__send_sign_in_code', () => {
  it('mails the code of a new challenge through SMTP, once', async () => {
    const account = await insertAccount(db);
    const result = await signInWithPassword(
      deps,
      { username: account.username, password: TEST_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
      undefined,
    );
    expect(result.status).toBe('CODE_REQUIRED');
    const mail = await catcher.waitFor((m) => m.to.includes(account.email));
    const challenge = await db
      .selectFrom('sign_in_challenges')
      .select(['id', 'sent_generation'])
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Votre code de sécurité : ${oneTimeCode(appSecret, challenge.id, 1)}`);
    expect(mail.text).toContain('valable 10 minutes');
    await expect
      .poll(async () =>
        (
          await db.selectFrom('audit_events').select('action').where('subject_account_id', '=', account.id).execute()
        ).map((r) => r.action),
      )
      .toContain('CODE_SENT');
    expect(catcher.messages().filter((m) => m.to.includes(account.email))).toHaveLength(1);
  });

  it('drops a malformed payload instead of retrying it forever', async () => {
    await sql`select graphile_worker.add_job('account__send_sign_in_code', '{"challengeId":"not-a-uuid"}'::json, job_key => 'bad-payload')`.execute(
      db,
    );
    await expect
      .poll(
        async () =>
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from graphile_worker.jobs where key = 'bad-payload'`.execute(db)
          ).rows[0]?.n,
        { timeout: 10_000 },
      )
      .toBe(0);
  });
});
