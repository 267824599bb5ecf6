import pg from 'pg';
import { DATABASE_URL_VARIABLE } from './system';

let pool: pg.Pool | undefined;

function db(): pg.Pool {
  const url = process.env[DATABASE_URL_VARIABLE];
  if (!url) throw new Error(`${DATABASE_URL_VARIABLE} is not set: run the tests through playwright.config.ts`);
  pool ??= new pg.Pool({ connectionString: url, max: 1, allowExitOnIdle: true });
  return pool;
}

/**
 * The account loses its habilitations, and with them its place in any référent's scope (a test
 * account is attached nowhere): what happens when another référent acts between a search and a grant.
 */
export async function removeFromScopes(accountId: string): Promise<void> {
  await db().query('delete from habilitations where account_id = $1', [accountId]);
}
