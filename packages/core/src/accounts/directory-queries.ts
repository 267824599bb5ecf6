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
  /** Where the account holds habilitations: decides whether the caller may change it. */
  scopes: { establishmentId: string; unitId: string | null }[];
}

/**
 * Prefix search on last name, first name, username or e-mail, accent- and case-insensitive.
 * Each branch walks its own index in order and stops after enough rows, so the cost does not
 * grow with the number of matches; results are ordered by the value that matched.
 */
export async function searchAccounts(db: Database, query: string, limit: number, offset: number) {
  const pattern = `${escapeLike(query.trim())}%`;
  const lower = pattern.toLowerCase();
  const enough = offset + limit + 1;
  const rows = await sql<{
    id: string;
    username: string;
    last_name: string;
    first_name: string;
    email: string;
    blocked_at: Date | null;
    scopes: { establishmentId: string; unitId: string | null }[];
  }>`
    with hits as (
      (select id, search_last_name as k from accounts
        where search_last_name like search_key(${pattern}) and deactivated_at is null
        order by search_last_name limit ${enough})
      union all
      (select id, search_first_name from accounts
        where search_first_name like search_key(${pattern}) and deactivated_at is null
        order by search_first_name limit ${enough})
      union all
      (select id, username collate "C" from accounts
        where username collate "C" like ${lower} and deactivated_at is null
        order by username collate "C" limit ${enough})
      union all
      (select id, search_email from accounts
        where search_email like ${lower} and deactivated_at is null
        order by search_email limit ${enough})
    ),
    best as (select id, min(k) as k from hits group by id)
    select a.id, a.username, a.last_name, a.first_name, a.email, a.blocked_at,
      coalesce((select json_agg(json_build_object('establishmentId', h.establishment_id, 'unitId', h.unit_id))
                from habilitations h where h.account_id = a.id), '[]') as scopes
    from best join accounts a on a.id = best.id
    order by best.k, a.last_name, a.id
    limit ${limit + 1} offset ${offset}`.execute(db);
  return {
    hasMore: rows.rows.length > limit,
    accounts: rows.rows.slice(0, limit).map(
      (r): AccountSummary => ({
        id: r.id,
        username: r.username,
        lastName: r.last_name,
        firstName: r.first_name,
        email: r.email,
        blocked: r.blocked_at !== null,
        scopes: r.scopes,
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
