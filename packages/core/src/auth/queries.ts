import type { Database, DB } from '@trajectoire/db';
import { SIGN_IN_RULES } from '@trajectoire/domain';
import { type Kysely, sql, type Transaction } from 'kysely';

/**
 * Takes one of the account's password attempts before the password is checked, so that
 * concurrent guesses cannot exceed the limit: twenty at once get five tries, as twenty in
 * a row would. Returns the attempt's number, or undefined when none is left.
 */
export async function reservePasswordAttempt(db: Database, accountId: string): Promise<number | undefined> {
  const row = await db
    .updateTable('accounts')
    .set({ failed_sign_ins: sql`failed_sign_ins + 1` })
    .where('id', '=', accountId)
    .where('blocked_at', 'is', null)
    .where('failed_sign_ins', '<', SIGN_IN_RULES.maxFailedPasswords)
    .returning('failed_sign_ins')
    .executeTakeFirst();
  return row?.failed_sign_ins;
}

export async function clearPasswordFailures(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.updateTable('accounts').set({ failed_sign_ins: 0 }).where('id', '=', accountId).execute();
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

export async function findSessionByTokenHash(db: Database, tokenHash: Buffer) {
  return db
    .selectFrom('sessions')
    .select(['id', 'account_id', 'created_at', 'last_seen_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
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

export async function insertChallenge(
  trx: Transaction<DB>,
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
  const row = await trx
    .insertInto('sign_in_challenges')
    .values({
      token_hash: values.tokenHash,
      account_id: values.accountId,
      channel: values.channel,
      destination: values.destination,
      created_at: values.now,
      expires_at: values.expiresAt,
      last_sent_at: values.now,
      ip: values.ip,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
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

export async function findApiKey(db: Database, id: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'account_id', 'secret_hash', 'revoked_at', 'last_used_at'])
    .where('id', '=', id)
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

/** Blocking, password changes and resets end every open session of the account. */
export async function revokeAllSessions(trx: Transaction<DB>, accountId: string, now: Date): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
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
    .where('k.id', '=', id)
    .where('a.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function findSessionWithAccount(db: Database, tokenHash: Buffer) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select([...viewerAccountColumns, 's.id as session_id', 's.created_at', 's.last_seen_at', 's.revoked_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('a.deactivated_at', 'is', null)
    .executeTakeFirst();
}
