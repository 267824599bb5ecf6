import { createHmac } from 'node:crypto';
import type { DB } from '@trajectoire/db';
import type { Kysely, Transaction } from 'kysely';
import { hashToken } from './crypto';

export type TokenPurpose =
  | 'PASSWORD_RESET'
  | 'ACCOUNT_ACTIVATION'
  | 'MOBILE_VERIFICATION'
  | 'EXPIRED_PASSWORD'
  | 'EMAIL_CHANGE'
  | 'EMAIL_CHANGE_CANCEL';

/**
 * The secret of a single-use link, derived from the application secret and the token's id:
 * the database keeps only its hash, and the worker that mails the link recomputes it.
 */
export function accountTokenSecret(appSecret: string, tokenId: string): string {
  return createHmac('sha256', appSecret).update(`account-token:${tokenId}`).digest('base64url');
}

export async function issueAccountToken(
  trx: Transaction<DB>,
  appSecret: string,
  values: { accountId: string; purpose: TokenPurpose; target?: string | null; now: Date; lifetimeMs: number },
): Promise<{ id: string; secret: string }> {
  // The id must exist before the secret can be derived from it.
  const { id } = await trx
    .insertInto('account_tokens')
    .values({
      account_id: values.accountId,
      purpose: values.purpose,
      token_hash: Buffer.alloc(32),
      target: values.target ?? null,
      created_at: values.now,
      expires_at: new Date(values.now.getTime() + values.lifetimeMs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const secret = accountTokenSecret(appSecret, id);
  await trx
    .updateTable('account_tokens')
    .set({ token_hash: hashToken(secret) })
    .where('id', '=', id)
    .execute();
  return { id, secret };
}

export async function findAccountToken(db: Kysely<DB>, secret: string, purpose: TokenPurpose) {
  return db
    .selectFrom('account_tokens')
    .select(['id', 'account_id', 'target', 'expires_at', 'used_at', 'created_at'])
    .where('token_hash', '=', hashToken(secret))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks the token used; false when another request used it first. */
export async function useAccountToken(trx: Transaction<DB>, tokenId: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A new link replaces the unused ones of the same purpose. */
export async function retireAccountTokens(trx: Transaction<DB>, accountId: string, purpose: TokenPurpose, now: Date) {
  await trx
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}
