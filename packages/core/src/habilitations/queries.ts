import type { Database, DB } from '@trajectoire/db';
import type { Level, ProfileCode } from '@trajectoire/domain';
import { sql, type Transaction } from 'kysely';
import { JOBS, type TaskName } from '../jobs/map';
import { rowCount } from '../shared/sql-literals';

export async function lockHabilitation(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('habilitations')
    .select([
      'id',
      'account_id',
      'profile',
      'domain',
      'level',
      'establishment_id',
      'unit_id',
      'admission_desk_id',
      'starts_on',
      'ends_on',
      'receive_emails',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface NewHabilitation {
  accountId: string;
  profile: ProfileCode;
  domain: string;
  level: Level;
  establishmentId: string;
  unitId: string | null;
  admissionDeskId: string | null;
  startsOn: string;
  endsOn: string;
  privileges: unknown;
  createdAt: Date;
  createdBy: string;
}

export async function insertHabilitations(trx: Transaction<DB>, habilitations: NewHabilitation[]) {
  if (habilitations.length === 0) return [];
  return trx
    .insertInto('habilitations')
    .values(
      habilitations.map((h) => ({
        account_id: h.accountId,
        profile: h.profile,
        domain: h.domain,
        level: h.level,
        establishment_id: h.establishmentId,
        unit_id: h.unitId,
        admission_desk_id: h.admissionDeskId,
        starts_on: h.startsOn,
        ends_on: h.endsOn,
        privileges: JSON.stringify(h.privileges),
        created_at: h.createdAt,
        created_by: h.createdBy,
      })),
    )
    .returning(['id', 'account_id', 'unit_id', 'admission_desk_id'])
    .execute();
}

/**
 * Locks the recipients' rows, always in the same order: two grants to the same accounts then
 * check what the accounts hold one after the other, and never both write the same habilitation.
 */
export async function lockAccounts(trx: Transaction<DB>, accountIds: readonly string[]): Promise<void> {
  await sql`select id from accounts where id = any(${[...accountIds]}::uuid[]) order by id for update`.execute(trx);
}

/** What a grant would write again: the recipients' habilitations of that profile, domain, level and place, not ended on `today`. */
export async function heldHabilitations(
  trx: Transaction<DB>,
  held: {
    accountIds: readonly string[];
    profile: ProfileCode;
    domain: string;
    level: Level;
    establishmentId: string;
    unitIds: readonly string[];
    admissionDeskId: string | null;
    today: string;
  },
) {
  let query = trx
    .selectFrom('habilitations as h')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.account_id', 'h.unit_id', 'h.admission_desk_id', 'u.name as unit_name'])
    .where(sql<boolean>`h.account_id = any(${[...held.accountIds]}::uuid[])`)
    .where('h.profile', '=', held.profile)
    .where('h.domain', '=', held.domain)
    .where('h.level', '=', held.level)
    .where('h.establishment_id', '=', held.establishmentId)
    .where('h.ends_on', '>=', held.today);
  if (held.level === 'UNIT') query = query.where(sql<boolean>`h.unit_id = any(${[...held.unitIds]}::uuid[])`);
  if (held.level === 'ADMISSION_DESK') query = query.where('h.admission_desk_id', '=', held.admissionDeskId);
  return query.execute();
}

export async function setHabilitationDates(
  trx: Transaction<DB>,
  id: string,
  dates: { startsOn: string; endsOn: string },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('habilitations')
    .set({ starts_on: dates.startsOn, ends_on: dates.endsOn, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteHabilitationRow(trx: Transaction<DB>, id: string) {
  await trx.deleteFrom('habilitations').where('id', '=', id).execute();
}

export async function setReceiveEmails(trx: Transaction<DB>, id: string, receiveEmails: boolean, now: Date) {
  await trx
    .updateTable('habilitations')
    .set({ receive_emails: receiveEmails, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/**
 * A notice row and a mail job for every habilitation of an active account ending between `from`
 * and `to` that has no notice for that end date yet, in one statement; how many were added.
 */
export async function insertExpiryNoticesWithJobs(
  db: Database,
  days: { from: string; to: string },
  now: Date,
): Promise<number> {
  const notice = JOBS.habilitation__send_expiry_notice;
  const result = await sql<{ n: number }>`
    with due as (
      insert into habilitation_expiry_notices (habilitation_id, ends_on, enqueued_at)
      select h.id, h.ends_on, ${now}
      from habilitations h
      join accounts a on a.id = h.account_id and a.deactivated_at is null
      where h.ends_on between ${days.from}::date and ${days.to}::date and h.starts_on <= h.ends_on
      on conflict (habilitation_id, ends_on) do nothing
      returning habilitation_id, ends_on
    ),
    jobs as (
      select graphile_worker.add_jobs(coalesce(array_agg(
        -- The jobs of JOBS.habilitation__send_expiry_notice (same key), in one statement for the whole sweep.
        (${'habilitation__send_expiry_notice' satisfies TaskName}, json_build_object('habilitationId', habilitation_id, 'endsOn', ends_on), null, null, ${notice.maxAttempts ?? null}::int, 'expiry:' || habilitation_id || ':' || ends_on, ${notice.priority}::int, null)::graphile_worker.job_spec
      ), '{}')) as added
      from due
    )
    -- Referencing the jobs CTE makes Postgres run it.
    select (select count(*)::int from due) as n, (select count(*) from jobs) as jobs`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** A notice row with what its mail says: the habilitation's end, profile and place, its holder's address. */
export async function findExpiryNotice(db: Database, habilitationId: string, endsOn: string) {
  return db
    .selectFrom('habilitation_expiry_notices as n')
    .innerJoin('habilitations as h', 'h.id', 'n.habilitation_id')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .innerJoin('establishments as e', 'e.id', 'h.establishment_id')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .select([
      'n.sent_at',
      'h.ends_on',
      'h.profile',
      'h.account_id',
      'a.email',
      'a.first_name',
      'e.name as establishment_name',
      'u.name as unit_name',
    ])
    .where('n.habilitation_id', '=', habilitationId)
    .where('n.ends_on', '=', endsOn)
    .executeTakeFirst();
}

export async function markExpiryNoticeSent(
  db: Database,
  habilitationId: string,
  endsOn: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('habilitation_expiry_notices')
    .set({ sent_at: now })
    .where('habilitation_id', '=', habilitationId)
    .where('ends_on', '=', endsOn)
    .execute();
}

export interface ReviewFilters {
  domain: string;
  departement: string;
  establishmentId: string;
  unitId?: string | undefined;
  profile?: ProfileCode | undefined;
  /** For a unit referent: only these units of the establishment. */
  onlyUnitIds?: string[] | undefined;
}

export interface ReviewRow {
  id: string;
  accountId: string;
  lastName: string;
  firstName: string;
  username: string;
  profile: string;
  level: Level;
  establishmentName: string;
  unitId: string | null;
  unitName: string | null;
  /** The unit was closed (gone from the ROR): its habilitations stay, marked so. */
  unitClosed: boolean;
  admissionDeskName: string | null;
  startsOn: string;
  endsOn: string;
  receiveEmails: boolean;
  privileges: unknown;
}

// Each order matches an index (establishment, domain, …): a page is read in index order.
const SORTS = {
  NAME: [sql`h.holder_sort_key`, sql`h.id`],
  PROFILE: [sql`h.profile`, sql`h.holder_sort_key`, sql`h.id`],
  END: [sql`h.ends_on`, sql`h.holder_sort_key`, sql`h.id`],
} as const;

/** The habilitations a review covers; the establishment must lie in the chosen département. */
function reviewed(db: Database, filters: ReviewFilters) {
  let query = db
    .selectFrom('habilitations as h')
    .where('h.establishment_id', '=', filters.establishmentId)
    .where('h.domain', '=', filters.domain)
    // About the establishment only, so checked once rather than once per habilitation.
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('establishments as ee')
          .select('ee.id')
          .where('ee.id', '=', filters.establishmentId)
          .where('ee.departement', '=', filters.departement),
      ),
    );
  if (filters.unitId) query = query.where('h.unit_id', '=', filters.unitId);
  if (filters.profile) query = query.where('h.profile', '=', filters.profile);
  if (filters.onlyUnitIds)
    query = query.where(
      'h.unit_id',
      'in',
      filters.onlyUnitIds.length > 0 ? filters.onlyUnitIds : ['00000000-0000-0000-0000-000000000000'],
    );
  return query;
}

function reviewQuery(db: Database, filters: ReviewFilters) {
  return reviewed(db, filters)
    .innerJoin('establishments as e', 'e.id', 'h.establishment_id')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .leftJoin('admission_desks as d', 'd.id', 'h.admission_desk_id');
}

const reviewColumns = [
  'h.id',
  'h.account_id',
  'a.last_name',
  'a.first_name',
  'a.username',
  'h.profile',
  'h.level',
  'e.name as establishment_name',
  'h.unit_id',
  'u.name as unit_name',
  sql<boolean>`u.closed_at is not null`.as('unit_closed'),
  'd.name as desk_name',
  'h.starts_on',
  'h.ends_on',
  'h.receive_emails',
  'h.privileges',
] as const;

type ReviewSelected = {
  id: string;
  account_id: string;
  last_name: string;
  first_name: string;
  username: string;
  profile: string;
  level: string;
  establishment_name: string;
  unit_id: string | null;
  unit_name: string | null;
  unit_closed: boolean;
  desk_name: string | null;
  starts_on: string;
  ends_on: string;
  receive_emails: boolean;
  privileges: unknown;
};

export function toReviewRow(r: ReviewSelected): ReviewRow {
  return {
    id: r.id,
    accountId: r.account_id,
    lastName: r.last_name,
    firstName: r.first_name,
    username: r.username,
    profile: r.profile,
    level: r.level as Level,
    establishmentName: r.establishment_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitClosed: r.unit_closed,
    admissionDeskName: r.desk_name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    receiveEmails: r.receive_emails,
    privileges: r.privileges,
  };
}

function reviewOrder(sort: keyof typeof SORTS, direction: 'ASC' | 'DESC') {
  const dir = direction === 'DESC' ? sql`desc` : sql`asc`;
  return sql.join(SORTS[sort].map((column) => sql`${column} ${dir}`));
}

export async function reviewPage(
  db: Database,
  filters: ReviewFilters,
  sort: keyof typeof SORTS,
  direction: 'ASC' | 'DESC',
  limit: number,
  offset: number,
) {
  const order = reviewOrder(sort, direction);
  const [rows, count] = await Promise.all([
    reviewQuery(db, filters)
      .select(reviewColumns)
      .orderBy(sql`${order}`)
      .limit(rowCount(limit))
      .offset(rowCount(offset))
      .execute(),
    // The total needs no join: counting the habilitations alone reads one index range.
    reviewed(db, filters)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows: rows.map((r) => toReviewRow(r as ReviewSelected)) };
}

/** What « Exporter » writes of a habilitation: the review's columns, as the sheet shows them. */
export type ExportRow = Omit<ReviewRow, 'id' | 'accountId' | 'level' | 'unitId' | 'privileges'> & {
  /** The stored privileges as JSON text: most rows share a few, described once each. */
  privilegesJson: string;
};

/**
 * Every row of a review in sort order, only the columns the sheet shows, to be read through a
 * cursor: exports never hold them all. Privileges come as text, not parsed 100,000 times.
 */
export function exportRowsQuery(
  db: Database,
  filters: ReviewFilters,
  sort: keyof typeof SORTS,
  direction: 'ASC' | 'DESC',
) {
  const order = reviewOrder(sort, direction);
  return reviewQuery(db, filters)
    .select([
      'a.last_name as lastName',
      'a.first_name as firstName',
      'a.username',
      'h.profile',
      'e.name as establishmentName',
      'u.name as unitName',
      sql<boolean>`u.closed_at is not null`.as('unitClosed'),
      'd.name as admissionDeskName',
      'h.starts_on as startsOn',
      'h.ends_on as endsOn',
      'h.receive_emails as receiveEmails',
      sql<string>`h.privileges::text`.as('privilegesJson'),
    ])
    .orderBy(sql`${order}`);
}
