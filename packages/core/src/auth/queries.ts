import type { Database, DB } from '@trajectoire/db';
import { SIGN_IN_RULES } from '@trajectoire/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { habilitationsOf } from '../access/queries';
import { JOBS, type TaskName } from '../jobs/map';
import { countHitsStatement, type RateLimit } from '../shared/rate-limit';
import { rowCount } from '../shared/sql-literals';

/**
 * The first step of a sign-in, in one statement: counts the hit against each rate limit and,
 * only if none is exceeded, finds the account a username names and, when it can still try (has
 * a password, not blocked, attempts left), takes one of its attempts before the password is
 * checked — so that concurrent guesses cannot exceed the limit: twenty at once get five tries,
 * as twenty in a row would. `attempt` is the attempt's number, or null when none was taken;
 * `withinLimits` false means nothing else happened. The commit does not wait for the disk: a
 * wrong password is then recorded by a transaction that does (and so makes this one durable
 * too), and a crash of Postgres within the ~0.2 s before the flush would lose the outcome of
 * that attempt anyway.
 */
export async function findAccountReservingAttempt(
  db: Database,
  username: string,
  limits: { key: string; rule: RateLimit }[],
  now: Date,
) {
  const rows = await sql<{
    within_limits: boolean;
    id: string | null;
    email: string;
    mobile: string | null;
    mobile_verified_at: Date | null;
    code_channel: string;
    password_hash: string | null;
    blocked_at: Date | null;
    password_changed_at: Date | null;
    first_code_validated_at: Date | null;
    attempt: number | null;
  }>`
    with counted as (${countHitsStatement(limits, now)}),
    within_limits as (select not coalesce(bool_or(over), false) as ok from counted),
    found as (
      select id, email, mobile, mobile_verified_at, code_channel, password_hash, blocked_at,
             password_changed_at, first_code_validated_at
      from accounts
      where username = ${username.toLowerCase()} and deactivated_at is null and (select ok from within_limits)
    ),
    reserved as (
      update accounts a set failed_sign_ins = a.failed_sign_ins + 1
      from found
      where a.id = found.id and found.password_hash is not null and a.blocked_at is null
        and a.failed_sign_ins < ${SIGN_IN_RULES.maxFailedPasswords}
      returning a.failed_sign_ins
    )
    select (select ok from within_limits) as within_limits, found.*,
           set_config('synchronous_commit', 'off', true) as durability,
           (select failed_sign_ins from reserved) as attempt
    from (select) as one left join found on true`.execute(db);
  const row = rows.rows[0];
  if (!row?.within_limits) return { withinLimits: false as const };
  return { withinLimits: true as const, account: row.id === null ? undefined : { ...row, id: row.id } };
}

/**
 * A sign-in challenge and the job that sends its first code, in one statement (so one round
 * trip and one atomic commit), with the account's failure count reset by the good password.
 * The commit does not wait for the disk: enqueuing NOTIFYs the workers, and Postgres serializes
 * notifying commits behind one lock held until each is flushed, which would make every sign-in
 * queue at the disk's flush rate. A crash losing it loses challenge and job together: the person
 * signs in again.
 */
export async function insertChallengeWithFirstCode(
  db: Database,
  values: {
    tokenHash: Buffer;
    accountId: string;
    channel: 'EMAIL' | 'SMS';
    destination: string;
    now: Date;
    expiresAt: Date;
    ip: string;
  },
): Promise<string> {
  const job = JOBS.account__send_sign_in_code;
  const rows = await sql<{ id: string }>`
    with cleared as (
      update accounts set failed_sign_ins = 0 where id = ${values.accountId} and failed_sign_ins <> 0
    ),
    challenge as (
      insert into sign_in_challenges (token_hash, account_id, channel, destination, created_at, expires_at, last_sent_at, ip)
      values (${values.tokenHash}, ${values.accountId}, ${values.channel}, ${values.destination}, ${values.now},
              ${values.expiresAt}, ${values.now}, ${values.ip})
      returning id
    )
    select challenge.id,
           set_config('synchronous_commit', 'off', true) as durability,
           -- The job of JOBS.account__send_sign_in_code, written here so that one round trip does it all.
           -- Its key names the challenge this statement creates, so no job can hold it yet: the
           -- dedupe mode, one insert, does what the default mode does with four statements more
           -- (they would replace or unlock a pending job of the same key).
           graphile_worker.add_job(
             identifier => ${'account__send_sign_in_code' satisfies TaskName},
             payload => json_build_object('challengeId', challenge.id::text, 'generation', 1),
             max_attempts => ${job.maxAttempts ?? null}::int,
             job_key => 'sign-in-code:' || challenge.id::text || ':1',
             priority => ${job.priority}::int,
             job_key_mode => 'unsafe_dedupe'
           ) as job
    from challenge`.execute(db);
  const id = rows.rows[0]?.id;
  if (!id) throw new Error('sign-in challenge not created');
  return id;
}

export async function clearPasswordFailures(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.updateTable('accounts').set({ failed_sign_ins: 0 }).where('id', '=', accountId).execute();
}

/** What decides where an account's sign-in code goes. */
export async function findCodeSettings(db: Database, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'mobile', 'mobile_verified_at', 'code_channel', 'first_code_validated_at'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

export async function findEmail(db: Kysely<DB>, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
  return row.email;
}

export async function findFirstName(db: Database, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select('first_name')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.first_name;
}

export async function findActiveAccountIdByUsername(db: Database, username: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

export async function findUsername(db: Database, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select('username').where('id', '=', accountId).executeTakeFirstOrThrow();
  return row.username;
}

/** What a new password is checked against (names, current hash), and whether the account is blocked. */
export async function findPasswordOwner(db: Database, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'username', 'first_name', 'last_name', 'password_hash', 'blocked_at'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** The hashes of the account's previous passwords, newest first. */
export async function listPreviousPasswordHashes(db: Database, accountId: string, count: number): Promise<string[]> {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('account_id', '=', accountId)
    .orderBy('set_at', 'desc')
    .orderBy('id', 'desc')
    .limit(rowCount(count))
    .execute();
  return rows.map((r) => r.password_hash);
}

/** The new hash, its date, and a fresh count of failures. */
export async function setPasswordHash(
  trx: Transaction<DB>,
  accountId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ password_hash: passwordHash, password_changed_at: now, failed_sign_ins: 0, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}

export async function insertPasswordHistory(
  trx: Transaction<DB>,
  accountId: string,
  passwordHash: string,
  setAt: Date,
): Promise<void> {
  await trx
    .insertInto('password_history')
    .values({ account_id: accountId, password_hash: passwordHash, set_at: setAt })
    .execute();
}

/** The first code validated: SMS may be chosen from then on. */
export async function markFirstCodeValidated(trx: Transaction<DB>, accountId: string, now: Date): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ first_code_validated_at: now })
    .where('id', '=', accountId)
    .where('first_code_validated_at', 'is', null)
    .execute();
}

/** Blocks the account if its failures reached the limit; true when this call blocked it. */
export async function blockIfExhausted(trx: Transaction<DB>, accountId: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('accounts')
    .set({ blocked_at: now })
    .where('id', '=', accountId)
    .where('blocked_at', 'is', null)
    .where('failed_sign_ins', '>=', SIGN_IN_RULES.maxFailedPasswords)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function isAccountBlocked(db: Kysely<DB>, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('blocked_at').where('id', '=', accountId).executeTakeFirst();
  return row?.blocked_at != null;
}

export async function findTrustedBrowser(db: Database, browserHash: Buffer, accountId: string, now: Date) {
  return db
    .selectFrom('trusted_browsers')
    .select('id')
    .where('browser_hash', '=', browserHash)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function trustBrowser(
  trx: Transaction<DB>,
  browserHash: Buffer,
  accountId: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await trx
    .insertInto('trusted_browsers')
    .values({ browser_hash: browserHash, account_id: accountId, created_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['browser_hash', 'account_id'])
        .doUpdateSet({ created_at: now, expires_at: expiresAt, revoked_at: null }),
    )
    .execute();
}

export async function revokeAllTrustedBrowsers(trx: Transaction<DB>, accountId: string, now: Date): Promise<void> {
  await trx
    .updateTable('trusted_browsers')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertSession(
  db: Kysely<DB>,
  values: {
    tokenHash: Buffer;
    accountId: string;
    method: string;
    now: Date;
    expiresAt: Date;
    ip: string;
    userAgent: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: values.tokenHash,
      account_id: values.accountId,
      auth_method: values.method,
      created_at: values.now,
      last_seen_at: values.now,
      expires_at: values.expiresAt,
      ip: values.ip,
      user_agent: values.userAgent?.slice(0, 500) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function touchSession(db: Database, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, now: Date) {
  return db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .returning('account_id')
    .executeTakeFirst();
}

const challengeColumns = [
  'id',
  'account_id',
  'channel',
  'destination',
  'generation',
  'sent_generation',
  'attempts',
  'created_at',
  'expires_at',
  'last_sent_at',
  'consumed_at',
  'delivery_failed_at',
] as const;

export async function findChallengeByTokenHash(db: Database, tokenHash: Buffer) {
  return db
    .selectFrom('sign_in_challenges')
    .select(challengeColumns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Locks the challenge so that concurrent guesses are counted one after the other. */
export async function lockChallenge(trx: Transaction<DB>, challengeId: string) {
  return trx
    .selectFrom('sign_in_challenges')
    .select(challengeColumns)
    .where('id', '=', challengeId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findChallenge(db: Kysely<DB>, challengeId: string) {
  return db.selectFrom('sign_in_challenges').select(challengeColumns).where('id', '=', challengeId).executeTakeFirst();
}

export async function countFailedCodeAttempt(trx: Transaction<DB>, challengeId: string): Promise<number> {
  const row = await trx
    .updateTable('sign_in_challenges')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', challengeId)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function consumeChallenge(trx: Transaction<DB>, challengeId: string, now: Date): Promise<void> {
  await trx.updateTable('sign_in_challenges').set({ consumed_at: now }).where('id', '=', challengeId).execute();
}

export async function bumpChallengeGeneration(trx: Transaction<DB>, challengeId: string, now: Date, expiresAt: Date) {
  return trx
    .updateTable('sign_in_challenges')
    .set({ generation: sql`generation + 1`, last_sent_at: now, expires_at: expiresAt })
    .where('id', '=', challengeId)
    .returning('generation')
    .executeTakeFirstOrThrow();
}

/** Records that a generation's code went out; false when it already had (a retried job). */
export async function markCodeSent(db: Kysely<DB>, challengeId: string, generation: number): Promise<boolean> {
  const row = await db
    .updateTable('sign_in_challenges')
    .set({ sent_generation: generation })
    .where('id', '=', challengeId)
    .where('sent_generation', '<', generation)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The provider refused the code for good: the portal then offers e-mail. */
export async function markCodeDeliveryFailed(db: Database, challengeId: string, now: Date): Promise<void> {
  await db.updateTable('sign_in_challenges').set({ delivery_failed_at: now }).where('id', '=', challengeId).execute();
}

/** The next codes of the challenge go to this channel and destination. */
export async function redirectChallenge(
  trx: Transaction<DB>,
  challengeId: string,
  channel: 'EMAIL' | 'SMS',
  destination: string,
): Promise<void> {
  await trx
    .updateTable('sign_in_challenges')
    .set({ channel, destination, delivery_failed_at: null })
    .where('id', '=', challengeId)
    .execute();
}

/** The transaction's commit will not wait for the disk (see insertChallengeWithFirstCode). */
export async function commitWithoutFlushWait(trx: Transaction<DB>): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}

export async function insertCaptcha(
  db: Database,
  values: { answerHash: Buffer; questionAnswerHash: Buffer; now: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('captchas')
    .values({
      answer_hash: values.answerHash,
      question_answer_hash: values.questionAnswerHash,
      created_at: values.now,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a live captcha used and returns its answers' hashes; undefined when used or expired already. */
export async function consumeCaptcha(db: Kysely<DB>, id: string, now: Date) {
  return db
    .updateTable('captchas')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['answer_hash', 'question_answer_hash'])
    .executeTakeFirst();
}

export async function touchApiKey(db: Database, id: string, now: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function insertApiKey(
  trx: Transaction<DB>,
  accountId: string,
  name: string,
  secretHash: Buffer,
  now: Date,
) {
  const row = await trx
    .insertInto('api_keys')
    .values({ account_id: accountId, name, secret_hash: secretHash, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Locks the account's row: concurrent changes to what belongs to it then happen one after the other. */
export async function lockAccount(trx: Transaction<DB>, accountId: string): Promise<void> {
  await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
}

export async function countActiveApiKeys(trx: Transaction<DB>, accountId: string): Promise<number> {
  const row = await trx
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findPasswordHash(db: Database, accountId: string): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('password_hash').where('id', '=', accountId).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function listApiKeys(db: Database, accountId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiKey(trx: Transaction<DB>, accountId: string, id: string, now: Date) {
  return trx
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** Every live key of the account, revoked; their ids. */
export async function revokeAllApiKeys(trx: Transaction<DB>, accountId: string, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Blocking, password changes and resets end every open session of the account (but `exceptSessionId`). */
export async function revokeAllSessions(
  trx: Transaction<DB>,
  accountId: string,
  now: Date,
  exceptSessionId?: string | null,
): Promise<void> {
  let sessions = trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) sessions = sessions.where('id', '!=', exceptSessionId);
  await sessions.execute();
}

const viewerAccountColumns = [
  'a.id',
  'a.username',
  'a.first_name',
  'a.last_name',
  'a.email',
  'a.national_admin',
  'a.blocked_at',
] as const;

export async function findApiKeyWithAccount(db: Database, id: string) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('accounts as a', 'a.id', 'k.account_id')
    .select([...viewerAccountColumns, 'k.id as key_id', 'k.secret_hash', 'k.revoked_at', 'k.last_used_at'])
    .select(jsonArrayFrom(habilitationsOf(db, sql.ref<string>('a.id'))).as('habilitations'))
    .where('k.id', '=', id)
    .where('a.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function findSessionWithAccount(db: Database, tokenHash: Buffer) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select([...viewerAccountColumns, 's.id as session_id', 's.created_at', 's.last_seen_at', 's.revoked_at'])
    .select(jsonArrayFrom(habilitationsOf(db, sql.ref<string>('a.id'))).as('habilitations'))
    .where('s.token_hash', '=', tokenHash)
    .where('a.deactivated_at', 'is', null)
    .executeTakeFirst();
}
