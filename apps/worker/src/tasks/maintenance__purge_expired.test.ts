import { randomBytes } from 'node:crypto';
import { insertAccount } from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

const system = await createTestSystem();
const { db, clock } = system;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(clock.now().getTime() - ms);
const hence = (ms: number) => new Date(clock.now().getTime() + ms);

/** Runs the task as the crontab would: enqueued, then picked up by the real worker task. */
async function runPurge() {
  await sql`select graphile_worker.add_job('maintenance__purge_expired')`.execute(db);
  await system.runJobs();
}

async function captcha(name: string, expiresAt: Date, usedAt: Date | null = null) {
  await db
    .insertInto('captchas')
    .values({
      answer_hash: Buffer.from(name),
      question_answer_hash: Buffer.from(name),
      created_at: ago(10 * 60_000),
      expires_at: expiresAt,
      used_at: usedAt,
    })
    .execute();
  return name;
}

async function challenge(accountId: string, expiresAt: Date, consumedAt: Date | null) {
  const row = await db
    .insertInto('sign_in_challenges')
    .values({
      token_hash: randomBytes(32),
      account_id: accountId,
      channel: 'EMAIL',
      destination: 'x@example.test',
      created_at: new Date(expiresAt.getTime() - 10 * 60_000),
      expires_at: expiresAt,
      last_sent_at: new Date(expiresAt.getTime() - 10 * 60_000),
      consumed_at: consumedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function token(accountId: string, expiresAt: Date, usedAt: Date | null) {
  const row = await db
    .insertInto('account_tokens')
    .values({
      account_id: accountId,
      purpose: 'PASSWORD_RESET',
      token_hash: randomBytes(32),
      created_at: new Date(expiresAt.getTime() - DAY),
      expires_at: expiresAt,
      used_at: usedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function bucket(key: string, windowStart: Date) {
  await db.insertInto('rate_limit_buckets').values({ key, window_start: windowStart, hits: 3 }).execute();
  return key;
}

describe('maintenance__purge_expired', () => {
  it('removes what can no longer serve and keeps everything that still can', async () => {
    const account = await insertAccount(db);
    const gone = {
      captchas: [await captcha('expired', ago(60_000)), await captcha('expired-used', ago(60_000), ago(2 * 60_000))],
      challenges: [
        await challenge(account.id, ago(2 * DAY), ago(2 * DAY + 60_000)),
        await challenge(account.id, ago(25 * HOUR), null),
      ],
      tokens: [await token(account.id, ago(31 * DAY), null), await token(account.id, hence(DAY), ago(31 * DAY))],
      buckets: [await bucket('purge-test:three-days-ago', ago(3 * DAY))],
    };
    const kept = {
      captchas: [await captcha('live', hence(5 * 60_000)), await captcha('live-used', hence(5 * 60_000), ago(60_000))],
      challenges: [
        await challenge(account.id, hence(5 * 60_000), null),
        await challenge(account.id, ago(HOUR), ago(HOUR + 60_000)),
        await challenge(account.id, ago(23 * HOUR), null),
      ],
      tokens: [
        await token(account.id, hence(DAY), null),
        await token(account.id, ago(29 * DAY), null),
        await token(account.id, ago(DAY), ago(29 * DAY)),
      ],
      // The longest window (a day) that began a day ago may still be the current one somewhere.
      buckets: [await bucket('purge-test:a-day-ago', ago(DAY)), await bucket('purge-test:now', clock.now())],
    };

    const state = async () => ({
      captchas: (await db.selectFrom('captchas').select('answer_hash').execute()).map((r) => r.answer_hash.toString()),
      challenges: (await db.selectFrom('sign_in_challenges').select('id').execute()).map((r) => r.id),
      tokens: (await db.selectFrom('account_tokens').select('id').execute()).map((r) => r.id),
      buckets: (
        await db.selectFrom('rate_limit_buckets').select('key').where('key', 'like', 'purge-test:%').execute()
      ).map((r) => r.key),
    });
    const before = await state();
    for (const kind of ['captchas', 'challenges', 'tokens', 'buckets'] as const) {
      expect(before[kind]).toEqual(expect.arrayContaining([...gone[kind], ...kept[kind]]));
    }

    await runPurge();
    const after = await state();
    for (const kind of ['captchas', 'challenges', 'tokens', 'buckets'] as const) {
      expect(new Set(after[kind])).toEqual(new Set(kept[kind]));
    }

    // ROR staging: kept for a run still active and for the last one ended (a next full load takes
    // its files over if it failed); gone for an older failed load that nothing will take over.
    const staged = async (state: string, minutesAgo: number) => {
      const run = await db
        .insertInto('ror_sync_runs')
        .values({ kind: 'FULL', state, queued_at: ago(minutesAgo * 60_000) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('ror_sync_staging')
        .values([
          { run_id: run.id, resource_type: 'Organization', ror_id: `eg-${run.id}`, level: 'EG' },
          { run_id: run.id, resource_type: 'Location', ror_id: `loc-${run.id}`, capacities: '[]' },
        ])
        .execute();
      return run.id;
    };
    const abandoned = await staged('FAILED', 3 * 24 * 60);
    const lastEnded = await staged('FAILED', 2 * 24 * 60);
    const running = await staged('RUNNING', 60);
    await runPurge();
    const stagedRuns = await db.selectFrom('ror_sync_staging').select('run_id').distinct().execute();
    expect(new Set(stagedRuns.map((r) => r.run_id))).toEqual(new Set([lastEnded, running]));
    expect(stagedRuns.map((r) => r.run_id)).not.toContain(abandoned);

    // A second run (a retry, a caught-up night) finds nothing more to remove.
    await runPurge();
    expect(await state()).toEqual(after);
    const pending = await sql<{ n: number }>`
      select count(*)::int as n from graphile_worker.jobs where task_identifier = 'maintenance__purge_expired'`.execute(
      db,
    );
    expect(pending.rows[0]?.n).toBe(0);
  });
});
