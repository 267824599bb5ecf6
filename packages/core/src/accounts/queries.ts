import type { Accounts, Database, DB } from '@trajectoire/db';
import type { Level } from '@trajectoire/domain';
import { sql, type Transaction, type Updateable } from 'kysely';
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

/** Several words (« Moreau David ») search names word by word; one word searches every field by prefix. */
function isSeveralWords(query: string): boolean {
  return query.trim().split(/\s+/).length > 1;
}

/**
 * How many names of a word's range the search by several words reads before asking the word index
 * instead (about half a millisecond).
 */
const WALK = 1000;

type SearchRow = {
  id: string;
  username: string;
  last_name: string;
  first_name: string;
  email: string;
  blocked_at: Date | null;
  national_admin: boolean;
  places: AccountPlaceRow[];
};

/**
 * « Rechercher un utilisateur ». One word: a prefix of the last name, first name, username or
 * e-mail, accent- and case-insensitive; each of four branches walks its own index (active accounts
 * only) in order and stops after enough rows, so the cost does not grow with the number of matches;
 * results are ordered by the value that matched. A prefix is a range, [key, key + the highest code
 * point), rather than a LIKE: a parameter in LIKE hides whether it starts with a wildcard, so
 * Postgres would plan every call anew, while a range lets it reuse one plan (limits are literals
 * for the same reason).
 *
 * Several words (« Moreau David », « david moreau », « mor dav »): each must start a word of the
 * last or first name, in any order; results are ordered by the name key (last name, a space, first
 * name), then id. An account is found in one of two ways (migrations 0015 and 0016):
 * - one of the words starts its name key. For each such word (bar those another word is a prefix
 *   of: their accounts are among that word's), the name index is walked in order from the word,
 *   testing the other words against the words stored in each entry, and stops after a page. If
 *   the first WALK names of the range hold less than a page (« Ren Roussel »: Renard, Renaud), the
 *   word index answers for that word: the name starts with it and the other words start later ones.
 * - every word starts a later word of the name (« goff jean » for Le Goff Jean): the word index.
 * Either way the cost follows a page, or the accounts that truly match, never all the accounts
 * that share a common name (2,500 for « Lucas Valérie » at 500,000 accounts). A query of no letter
 * or digit (« - - ») finds nobody.
 */
export async function searchAccounts(db: Database, query: string, page: { limit: number; offset: number }) {
  const { limit, offset } = page;
  const text = query.trim();
  const enough = rowCount(offset + limit + 1);
  const walk = rowCount(WALK);
  const matches = isSeveralWords(text)
    ? sql`
    words as materialized (
      select ws, array(select '% ' || w || '%' from unnest(ws) w) as patterns,
        -- Every two words no name word can start both of, paired as name_pair_keys pairs words.
        array(
          select least(left(a, 3) collate "C", left(b, 3) collate "C") || '&'
            || greatest(left(a, 3) collate "C", left(b, 3) collate "C")
          from unnest(ws) a cross join unnest(ws) b
          where a < b and length(a) > 1 and length(b) > 1 and not starts_with(a, b) and not starts_with(b, a)
        ) as pairs
      from (select search_words(${text}) as ws) q
      where cardinality(ws) > 0
    ),
    -- The words that may start the name key, but those another word is a prefix of.
    starts as (
      select w from words cross join unnest(words.ws) w
      where not exists (select from unnest(words.ws) v where v <> w and starts_with(w, v))
    ),
    -- Per starting word, the matching accounts among the first WALK names of its range.
    walks as materialized (
      select starts.w, c.id, c.k
      from words cross join starts cross join lateral (
        select id, k from (
          select id, search_last_name || ' ' || search_first_name as k,
            name_words_text(search_last_name, search_first_name) as word_text
          from accounts
          where search_last_name || ' ' || search_first_name >= starts.w
            and search_last_name || ' ' || search_first_name < starts.w || chr(1114111)
            and deactivated_at is null
          order by search_last_name || ' ' || search_first_name, id
          limit ${walk}) r
        where word_text like all (words.patterns)
        limit ${enough}) c
    ),
    -- Fewer matches than a page: the range may go on past the names walked (asking costs about as
    -- much as walking them again; the index lookup below, by pairs of words, far less).
    cut_short as (
      select w from starts where (select count(*) from walks where walks.w = starts.w) < ${enough}
    ),
    -- The name starts with the word; the other words start later words of the name (unless they
    -- are prefixes of it, or it of them: those are left to the test of the words). With the pairs
    -- of the word and each other one: a common first name is shared by thousands of names, rarely
    -- with the same other word, and the index then reads only the few names that have both.
    cut_short_hits as materialized (
      select a.id, a.search_last_name || ' ' || a.search_first_name as k
      from words cross join cut_short cross join lateral (
        select id, search_last_name, search_first_name from accounts
        where name_word_keys(search_last_name, search_first_name) @> (array['^' || cut_short.w]
            || array(
              select v from unnest(words.ws) v
              where not starts_with(v, cut_short.w) and not starts_with(cut_short.w, v))
            || array(
              select '^' || left(cut_short.w, 3) || '&' || left(v, 3) from unnest(words.ws) v
              where length(cut_short.w) > 1 and length(v) > 1
                and not starts_with(v, cut_short.w) and not starts_with(cut_short.w, v)))
          and deactivated_at is null
          and name_words_text(search_last_name, search_first_name) like all (words.patterns)
        offset 0) a
    ),
    -- Every word starts a later word of the name. Materialized, so that it is planned without the
    -- ORDER BY: the GIN bitmap, never a walk of the name index testing each account.
    later_word_hits as materialized (
      select id, search_last_name || ' ' || search_first_name as k from accounts
      where name_word_keys(search_last_name, search_first_name) @> (select ws || pairs from words)
        and deactivated_at is null
    ),
    hits as (
      (select id, k from walks)
      union all
      (select id, k from cut_short_hits order by k, id limit ${enough})
      union all
      (select id, k from later_word_hits order by k, id limit ${enough})
    ),
    page as (
      select id, min(k) as k from hits group by id
      order by k, id limit ${rowCount(limit + 1)} offset ${rowCount(offset)}
    )`
    : sql`
    hits as (
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
    )`;
  const rows = await sql<SearchRow>`
    with ${matches}
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
  unitId: string | null;
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
      'h.unit_id',
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
      unitId: r.unit_id,
      unitName: r.unit_name,
    } satisfies Referent,
  }));
}

/**
 * The usernames `base` and `base.<n>` could clash with: those between `base` and `base/` in byte
 * order ('/' follows '.'), a range one plan walks in the index whatever the value (a LIKE
 * parameter reads the table).
 */
export async function listUsernamesFrom(trx: Transaction<DB>, base: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('accounts')
    .select('username')
    .where(sql<boolean>`username collate "C" >= ${base} and username collate "C" < ${`${base}/`}`)
    .execute();
  return rows.map((r) => r.username);
}

export async function insertAccount(
  trx: Transaction<DB>,
  values: {
    username: string;
    lastName: string;
    firstName: string;
    email: string;
    phone: string | null;
    mobile: string | null;
    profession: string | null;
    createdAt: Date;
  },
): Promise<string> {
  const row = await trx
    .insertInto('accounts')
    .values({
      username: values.username,
      last_name: values.lastName,
      first_name: values.firstName,
      email: values.email,
      phone: values.phone,
      mobile: values.mobile,
      profession: values.profession,
      created_at: values.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAccountColumns(
  trx: Transaction<DB>,
  accountId: string,
  columns: Updateable<Accounts>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ ...columns, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}

/** Lifts the block and clears the failures; false when the account was not blocked. */
export async function unblockAccount(trx: Transaction<DB>, accountId: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('accounts')
    .set({ blocked_at: null, failed_sign_ins: 0, updated_at: now })
    .where('id', '=', accountId)
    .where('blocked_at', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setCodeChannel(
  trx: Transaction<DB>,
  accountId: string,
  codeChannel: 'EMAIL' | 'SMS',
  now: Date,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ code_channel: codeChannel, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}

/** Marks the mobile verified if it is still `mobile`; false when the account's number changed. */
export async function markMobileVerified(
  trx: Transaction<DB>,
  accountId: string,
  mobile: string | null,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('accounts')
    .set({ mobile_verified_at: now, updated_at: now })
    .where('id', '=', accountId)
    .where('mobile', '=', mobile)
    .returning('mobile')
    .executeTakeFirst();
  return row !== undefined;
}

/** Locks the account's row: an account's e-mail requests, confirmations and cancellations run one after the other. */
export async function lockAccountEmail(trx: Transaction<DB>, accountId: string) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'email', 'deactivated_at'])
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
}

/** Sets the confirmed address; the account's username. */
export async function setEmail(trx: Transaction<DB>, accountId: string, email: string, now: Date): Promise<string> {
  const row = await trx
    .updateTable('accounts')
    .set({ email, updated_at: now })
    .where('id', '=', accountId)
    .returning('username')
    .executeTakeFirstOrThrow();
  return row.username;
}

/** The address of the newest live e-mail change of the account, if any. */
export async function findPendingEmailChange(db: Database, accountId: string, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('account_tokens')
    .select('target')
    .where('account_id', '=', accountId)
    .where('purpose', '=', 'EMAIL_CHANGE')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.target ?? null;
}

/** An e-mail change's confirmation token, with the names its mail shows. */
export async function findEmailChangeToken(db: Database, tokenId: string) {
  return db
    .selectFrom('account_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.target', 't.used_at', 't.expires_at', 'a.first_name', 'a.last_name', 'a.username'])
    .where('t.id', '=', tokenId)
    .where('t.purpose', '=', 'EMAIL_CHANGE')
    .executeTakeFirst();
}

/** The audit row of an e-mail change request, with its subject's names and its author's. */
export async function findEmailChangeRequest(db: Database, auditEventId: string) {
  return db
    .selectFrom('audit_events as e')
    .innerJoin('accounts as a', 'a.id', 'e.subject_account_id')
    .leftJoin('accounts as actor', 'actor.id', 'e.actor_account_id')
    .select([
      'e.details',
      'e.subject_account_id',
      'a.first_name',
      'a.username',
      'actor.first_name as actor_first_name',
      'actor.last_name as actor_last_name',
      'actor.national_admin as actor_national_admin',
    ])
    .where('e.id', '=', auditEventId)
    .where('e.action', '=', 'ACCOUNT_EMAIL_CHANGE_REQUESTED')
    .executeTakeFirst();
}

export async function findEmailChangeCancelToken(db: Database, tokenId: string, accountId: string) {
  return db
    .selectFrom('account_tokens')
    .select(['id', 'used_at', 'expires_at'])
    .where('id', '=', tokenId)
    .where('account_id', '=', accountId)
    .where('purpose', '=', 'EMAIL_CHANGE_CANCEL')
    .executeTakeFirst();
}

/** A password link's token (any purpose: the caller checks it), with its holder's address and names. */
export async function findPasswordLinkToken(db: Database, tokenId: string) {
  return db
    .selectFrom('account_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.purpose', 't.used_at', 't.expires_at', 'a.email', 'a.first_name', 'a.username'])
    .where('t.id', '=', tokenId)
    .executeTakeFirst();
}

/** Where and to whom a notice about the account is mailed. */
export async function findMailRecipient(db: Database, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['email', 'first_name', 'username'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

/** The audit row of an e-mail change that took effect (by the holder, or confirmed), with the holder's names. */
export async function findEmailChangedEvent(db: Database, auditEventId: string) {
  return db
    .selectFrom('audit_events as e')
    .innerJoin('accounts as a', 'a.id', 'e.subject_account_id')
    .select(['e.details', 'a.first_name', 'a.username'])
    .where('e.id', '=', auditEventId)
    .where('e.action', 'in', ['ACCOUNT_UPDATED', 'ACCOUNT_EMAIL_CONFIRMED'])
    .executeTakeFirst();
}

export async function findMobileVerificationToken(db: Database, tokenId: string) {
  return db
    .selectFrom('account_tokens')
    .select(['id', 'target', 'used_at', 'expires_at'])
    .where('id', '=', tokenId)
    .where('purpose', '=', 'MOBILE_VERIFICATION')
    .executeTakeFirst();
}

export async function isNotificationSent(db: Database, key: string): Promise<boolean> {
  const row = await db.selectFrom('sent_notifications').select('key').where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

export async function recordNotificationSent(db: Database, key: string, sentAt: Date): Promise<void> {
  await db
    .insertInto('sent_notifications')
    .values({ key, sent_at: sentAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
