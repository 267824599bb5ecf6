import type { Database } from '@trajectoire/db';
import type { Level } from '@trajectoire/domain';
import { sql } from 'kysely';

export interface AccountSummary {
  id: string;
  username: string;
  lastName: string;
  firstName: string;
  email: string;
  blocked: boolean;
}

/**
 * Prefix search on last name, first name, username or e-mail, accent- and case-insensitive.
 * Each branch is an index range scan (see migration 0002); the union is then sorted by name.
 */
export async function searchAccounts(db: Database, query: string, limit: number, offset: number) {
  const key = query.trim();
  const pattern = `${escapeLike(key.toLowerCase())}%`;
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'username', 'last_name', 'first_name', 'email', 'blocked_at'])
    .where('deactivated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb(sql`search_key(last_name)`, 'like', sql`search_key(${key}) || '%'`),
        eb(sql`search_key(first_name)`, 'like', sql`search_key(${key}) || '%'`),
        eb('username', 'like', pattern),
        eb(sql`lower(email)`, 'like', pattern),
      ]),
    )
    .orderBy(sql`search_key(last_name)`)
    .orderBy(sql`search_key(first_name)`)
    .orderBy('id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return {
    hasMore: rows.length > limit,
    accounts: rows.slice(0, limit).map(
      (r): AccountSummary => ({
        id: r.id,
        username: r.username,
        lastName: r.last_name,
        firstName: r.first_name,
        email: r.email,
        blocked: r.blocked_at !== null,
      }),
    ),
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findAccountDetail(db: Database, accountId: string) {
  return db
    .selectFrom('accounts')
    .select([
      'id',
      'username',
      'last_name',
      'first_name',
      'email',
      'phone',
      'mobile',
      'mobile_verified_at',
      'code_channel',
      'profession',
      'blocked_at',
      'failed_sign_ins',
      'password_hash',
      'password_changed_at',
      'national_admin',
      'created_at',
    ])
    .where('id', '=', accountId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function habilitationScopesOfAccount(db: Database, accountId: string) {
  return db
    .selectFrom('habilitations')
    .select(['establishment_id as establishmentId', 'unit_id as unitId'])
    .where('account_id', '=', accountId)
    .execute();
}

export async function findActiveAccountByEmail(db: Database, email: string, exceptAccountId?: string) {
  let query = db
    .selectFrom('accounts')
    .select(['id', 'username'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('deactivated_at', 'is', null);
  if (exceptAccountId) query = query.where('id', '!=', exceptAccountId);
  return query.executeTakeFirst();
}

export interface Referent {
  accountId: string;
  lastName: string;
  firstName: string;
  email: string;
  phone: string | null;
  profile: 'REFERENT_STRUCTURE' | 'REFERENT_UNITE';
  unitName: string | null;
}

/** Active référents of the given establishments: structure référents, and unit référents of the given units. */
export async function listReferents(
  db: Database,
  scopes: { establishmentId: string; unitId: string | null; level: Level }[],
  today: string,
) {
  if (scopes.length === 0) return [];
  const establishmentIds = [...new Set(scopes.map((s) => s.establishmentId))];
  const unitIds = [...new Set(scopes.map((s) => s.unitId).filter((u): u is string => !!u))];
  const rows = await db
    .selectFrom('habilitations as h')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .select([
      'h.establishment_id',
      'h.profile',
      'u.name as unit_name',
      'a.id',
      'a.last_name',
      'a.first_name',
      'a.email',
      'a.phone',
    ])
    .where('h.starts_on', '<=', today)
    .where('h.ends_on', '>=', today)
    .where('a.deactivated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('h.profile', '=', 'REFERENT_STRUCTURE'), eb('h.establishment_id', 'in', establishmentIds)]),
        ...(unitIds.length > 0
          ? [eb.and([eb('h.profile', '=', 'REFERENT_UNITE'), eb('h.unit_id', 'in', unitIds)])]
          : []),
      ]),
    )
    .orderBy('a.last_name')
    .execute();
  return rows.map((r) => ({
    establishmentId: r.establishment_id,
    referent: {
      accountId: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      email: r.email,
      phone: r.phone,
      profile: r.profile as Referent['profile'],
      unitName: r.unit_name,
    } satisfies Referent,
  }));
}
