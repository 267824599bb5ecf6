import pg from 'pg';
import { DEMO_PASSWORD } from './auth';
import { DATABASE_URL_VARIABLE } from './system';

let pool: pg.Pool | undefined;

/** The system's database, for preparing what the UI cannot (an expired password, a failed SMS). */
function db(): pg.Pool {
  const url = process.env[DATABASE_URL_VARIABLE];
  if (!url) throw new Error(`${DATABASE_URL_VARIABLE} is not set: run the tests through playwright.config.ts`);
  pool ??= new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
  return pool;
}

export const CHU = 'Centre hospitalier universitaire de Lyon';
export const CLINIQUE = 'Clinique des Alpes — Soins médicaux et de réadaptation';

export interface TestAccount {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  /** As the portal greets them: « Bonjour Prénom Nom ». */
  name: string;
  password: string;
}

export interface HabilitationSeed {
  profile: string;
  domain?: string;
  establishment: string;
  /** A unit of that establishment; without it, the whole establishment. */
  unit?: string;
  /** ISO days; by default from yesterday to a year from now. */
  startsOn?: string;
  endsOn?: string;
}

/** Six lower-case letters: a name nobody else in the run has, that search finds by its prefix. */
export function uniqueWord(): string {
  return Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A fresh account of its own for one test, so that tests never depend on each other: the demo
 * password (its hash is copied from a demo account), the given habilitations, valid a year.
 */
export async function createTestAccount(
  options: { firstName?: string; lastName?: string; habilitations?: HabilitationSeed[] } = {},
): Promise<TestAccount> {
  const word = uniqueWord();
  const firstName = options.firstName ?? 'Test';
  const lastName = options.lastName ?? `Essai ${capitalized(word)}`;
  const username = `e2e.${word}`;
  const email = `${username}@e2e.trajectoire.test`;
  const client = await db().connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ id: string }>(
      `insert into accounts (username, first_name, last_name, email, profession, password_hash, password_changed_at)
       select $1, $2, $3, $4, 'Infirmier', password_hash, now() from accounts where username = 'demo.admin'
       returning id`,
      [username, firstName, lastName, email],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('demo.admin is missing: is the demo data loaded?');
    for (const h of options.habilitations ?? []) {
      const inserted = await client.query(
        `insert into habilitations (account_id, profile, domain, level, establishment_id, unit_id, starts_on, ends_on)
         select $1, $2, $3, case when $5::text is null then 'ESTABLISHMENT' else 'UNIT' end, e.id, u.id,
                coalesce($6::date, current_date - 1), coalesce($7::date, current_date + 365)
         from establishments e left join units u on u.establishment_id = e.id and u.name = $5
         where e.name = $4 and ($5::text is null or u.id is not null)`,
        [id, h.profile, h.domain ?? 'SANITAIRE', h.establishment, h.unit ?? null, h.startsOn ?? null, h.endsOn ?? null],
      );
      if (inserted.rowCount !== 1) throw new Error(`No such place: ${h.establishment} / ${h.unit ?? '—'}`);
    }
    await client.query('commit');
    return { id, username, email, firstName, lastName, name: `${firstName} ${lastName}`, password: DEMO_PASSWORD };
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** Accounts that only need to exist (a long list of search results). */
export async function createBareAccounts(lastNames: readonly string[]): Promise<void> {
  await db().query(
    `insert into accounts (username, first_name, last_name, email)
     select 'e2e.' || lower(n) || '.' || i, 'Test', n, 'e2e.' || lower(n) || '.' || i || '@e2e.trajectoire.test'
     from unnest($1::text[]) with ordinality as t(n, i)`,
    [lastNames],
  );
}

/** The password was last changed seven months ago: past the six months it is valid. */
export async function ageAccountPassword(accountId: string): Promise<void> {
  await db().query(`update accounts set password_changed_at = now() - interval '7 months' where id = $1`, [accountId]);
}

/** A verified mobile chosen for the codes, past the first code (which always goes by e-mail). */
export async function useVerifiedMobile(accountId: string, e164: string): Promise<void> {
  await db().query(
    `update accounts set mobile = $2, mobile_verified_at = now(), code_channel = 'SMS', first_code_validated_at = now()
     where id = $1`,
    [accountId, e164],
  );
}

/** What the worker records when the SMS provider refuses the code for good. */
export async function failPendingSms(accountId: string): Promise<void> {
  await db().query(
    `update sign_in_challenges set delivery_failed_at = now()
     where account_id = $1 and channel = 'SMS' and consumed_at is null`,
    [accountId],
  );
}

/** Blocked as after five wrong passwords. */
export async function blockAccount(accountId: string): Promise<void> {
  await db().query(`update accounts set blocked_at = now(), failed_sign_ins = 5 where id = $1`, [accountId]);
}

/** The account's sessions were last used 31 minutes ago: past the 30 minutes a session lives idle. */
export async function idleSessions(accountId: string): Promise<void> {
  await db().query(
    `update sessions set last_seen_at = now() - interval '31 minutes' where account_id = $1 and revoked_at is null`,
    [accountId],
  );
}
