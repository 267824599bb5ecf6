import type { Database } from '@trajectoire/db';
import { DEMO_ACCOUNTS, writeDemoAccounts } from './accounts';
import { DEMO_ESTABLISHMENTS, generateDirectory } from './dataset';
import { writeDirectory } from './directory';
import { writeDemoHabilitations } from './habilitations';

export type SeedProgress = (done: number, total: number, label: string) => void;

/** What `npm start` loads: the four establishments of the README. */
export const DEFAULT_DEMO_ESTABLISHMENTS = DEMO_ESTABLISHMENTS.length;

/** True once the demo data is in: `npm start` seeds a database once. */
export async function isSeeded(db: Database): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('username', '=', 'demo.admin').executeTakeFirst();
  return row !== undefined;
}

/**
 * Loads the demo data in one transaction: the first `establishments` establishments of the
 * dataset, then the demo accounts and their habilitations. Only what is missing is added
 * (establishments by FINESS, accounts by username), so running it again, or with a larger
 * size, fills up without duplicating. `passwordHash` is the hash of DEMO_PASSWORD, computed by
 * the caller (hashing is the application's business).
 */
export async function seedDemoData(
  db: Database,
  passwordHash: string,
  options: { establishments?: number; progress?: SeedProgress } = {},
): Promise<{ establishments: number; accounts: number }> {
  const count = options.establishments ?? DEFAULT_DEMO_ESTABLISHMENTS;
  if (!Number.isSafeInteger(count) || count < DEFAULT_DEMO_ESTABLISHMENTS)
    throw new RangeError(`The demo data needs at least ${DEFAULT_DEMO_ESTABLISHMENTS} establishments, not ${count}`);
  const progress = options.progress ?? (() => {});
  const { establishments } = generateDirectory({ establishments: count });
  const total = establishments.length + DEMO_ACCOUNTS.length;
  return db.transaction().execute(async (trx) => {
    const added = await writeDirectory(trx, establishments, (handled) => progress(handled, total, 'établissements'));
    const accountIds = await writeDemoAccounts(trx, passwordHash);
    await writeDemoHabilitations(trx, accountIds);
    progress(total, total, 'comptes');
    return { establishments: added, accounts: accountIds.size };
  });
}
