import { createHash, randomBytes } from 'node:crypto';
import { systemClock } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import { SIGN_IN_RULES } from '@trajectoire/domain';
import { startMailCatcher } from '@trajectoire/mail-catcher';
import { startWorker } from '@trajectoire/worker';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { summarize } from './stats';

/**
 * Time from a committed sign-in challenge (its job enqueued in the same transaction) to the
 * SMTP server accepting the mail, through graphile-worker and a pooled SMTP connection.
 */
export async function benchCodeDelivery(db: Database, url: string, options: { jobs: number }) {
  const catcher = await startMailCatcher();
  const appSecret = 'bench-secret-0123456789-0123456789-0123';
  const worker = await startWorker({
    databaseUrl: url,
    appSecret,
    smtpUrl: catcher.smtpUrl,
    publicUrl: 'http://127.0.0.1',
    quiet: true,
    concurrency: 4,
  });
  const account = await db
    .insertInto('accounts')
    .values({ username: 'bench.mail', first_name: 'Bench', last_name: 'Mail', email: 'bench.mail@bench.test' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const enqueue = async (): Promise<number> => {
    const now = systemClock.now();
    return db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('sign_in_challenges')
        .values({
          token_hash: createHash('sha256').update(randomBytes(32)).digest(),
          account_id: account.id,
          channel: 'EMAIL',
          destination: 'bench.mail@bench.test',
          created_at: now,
          expires_at: new Date(now.getTime() + SIGN_IN_RULES.codeLifetimeMs),
          last_sent_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`select graphile_worker.add_job('account__send_sign_in_code', json_build_object('challengeId', ${id}::text, 'generation', 1), job_key => ${`sign-in-code:${id}:1`})`.execute(
        trx,
      );
      return performance.now();
    });
  };

  const bar = new SingleBar({ format: '  Code delivery {bar} {value}/{total} jobs', hideCursor: true });
  // Warm-up: the first jobs open the SMTP pool.
  for (let i = 0; i < 10; i++) {
    const before = catcher.messages().length;
    await enqueue();
    await catcher.waitFor((_m) => catcher.messages().length > before, 10_000);
  }
  const latencies: number[] = [];
  bar.start(options.jobs, 0);
  for (let i = 0; i < options.jobs; i++) {
    // The clock stops when the SMTP server accepts the mail (250 after DATA), not when it is parsed.
    let unsubscribe = () => {};
    const accepted = new Promise<number>((resolve) => {
      unsubscribe = catcher.onAccepted(() => resolve(performance.now()));
    });
    const committedAt = await enqueue();
    latencies.push((await accepted) - committedAt);
    unsubscribe();
    await catcher.settled();
    bar.update(i + 1);
  }
  bar.stop();
  await worker.stop();
  await catcher.stop();
  return summarize(latencies);
}
