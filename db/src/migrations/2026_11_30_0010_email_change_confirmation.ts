import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- An e-mail changed by someone else than the holder waits for the new address to confirm it
    -- (EMAIL_CHANGE, target = the new address); the old address may cancel it (EMAIL_CHANGE_CANCEL).
    alter table account_tokens drop constraint account_tokens_purpose_check;
    alter table account_tokens add constraint account_tokens_purpose_check check (purpose in (
      'PASSWORD_RESET', 'ACCOUNT_ACTIVATION', 'MOBILE_VERIFICATION', 'EXPIRED_PASSWORD',
      'EMAIL_CHANGE', 'EMAIL_CHANGE_CANCEL'
    ));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from account_tokens where purpose in ('EMAIL_CHANGE', 'EMAIL_CHANGE_CANCEL');
    alter table account_tokens drop constraint account_tokens_purpose_check;
    alter table account_tokens add constraint account_tokens_purpose_check check (purpose in (
      'PASSWORD_RESET', 'ACCOUNT_ACTIVATION', 'MOBILE_VERIFICATION', 'EXPIRED_PASSWORD'
    ));
  `.execute(db);
}
