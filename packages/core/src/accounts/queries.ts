import type { Database } from '@trajectoire/db';
import type { Level } from '@trajectoire/domain';
import { sql } from 'kysely';
import { type AccountPlaceRow, placesOfAccount } from '../access/queries';
import { rowCount } from '../shared/sql-literals';

export interface AccountSummary {
  id: string;
  username: string;
  lastName: string;
  firstName: string;
  email: string;
  blocked: boolean;
  nationalAdmin: boolean;
  /** Where the account holds habilitations or was created: decides whether the caller may change it. */
  places: AccountPlaceRow[];
}

/**
 * Prefix search on last name, first name, username or e-mail, accent- and case-insensitive.
 * Each branch walks its own index (active accounts only) in order and stops after enough rows,
 * so the cost does not grow with the number of matches; results are ordered by the value that
 * matched. The prefix is a range, [key, key + the highest code point), rather than a LIKE: a
 * parameter in LIKE hides whether it starts with a wildcard, so Postgres would plan every call
 * anew, while a range lets it reuse one plan (limits are literals for the same reason).
 */
export async function searchAccounts(db: Database, query: string, page: { limit: number; offset: number }) {
  const { limit, offset } = page;
  const text = query.trim();
  const enough = rowCount(offset + limit + 1);
  const rows = await sql<{
    id: string;
    username: string;
    last_name: string;
    first_name: string;
    email: string;
    blocked_at: Date | null;
    national_admin: boolean;
    places: AccountPlaceRow[];
  }>`
    with hits as (
      (select id, search_last_name as k from accounts
        where search_last_name >= search_key(${text}) and search_last_name < search_key(${text}) || chr(1114111)
          and deactivated_at is null
        order by search_last_name limit ${enough})
      union all
      (select id, search_first_name from accounts
        where search_first_name >= search_key(${text}) and search_first_name < search_key(${text}) || chr(1114111)
          and deactivated_at is null
        order by search_first_name limit ${enough})
      union all
      (select id, username collate "C" from accounts
        where username collate "C" >= lower(${text}) and username collate "C" < lower(${text}) || chr(1114111)
          and deactivated_at is null
        order by username collate "C" limit ${enough})
      union all
      (select id, search_email from accounts
        where search_email >= lower(${text}) and search_email < lower(${text}) || chr(1114111)
          and deactivated_at is null
        order by search_email limit ${enough})
    ),
    page as (
      select id, min(k) as k from hits group by id
      order by k, id limit ${rowCount(limit + 1)} offset ${rowCount(offset)}
    )
    select a.id, a.username, a.last_name, a.first_name, a.email, a.blocked_at, a.national_admin,
      ${placesOfAccount} as places
    from page join accounts a on a.id = page.id
    order by page.k, page.id`.execute(db);
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
        nationalAdmin: r.national_admin,
        places: r.places,
      }),
    ),
  };
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

export async function insertAttachment(
  db: Database,
  attachment: { accountId: string; establishmentId: string; unitId: string | null; at: Date; by: string },
) {
  await db
    .insertInto('account_attachments')
    .values({
      account_id: attachment.accountId,
      establishment_id: attachment.establishmentId,
      unit_id: attachment.unitId,
      created_at: attachment.at,
      created_by: attachment.by,
    })
    .execute();
}

/** The unit, if any, must belong to the establishment. */
export async function placeExists(db: Database, establishmentId: string, unitId: string | null) {
  if (unitId) {
    const unit = await db
      .selectFrom('units')
      .select('id')
      .where('id', '=', unitId)
      .where('establishment_id', '=', establishmentId)
      .executeTakeFirst();
    return unit !== undefined;
  }
  const establishment = await db
    .selectFrom('establishments')
    .select('id')
    .where('id', '=', establishmentId)
    .executeTakeFirst();
  return establishment !== undefined;
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
