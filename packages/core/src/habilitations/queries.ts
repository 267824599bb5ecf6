import type { Database, DB } from '@trajectoire/db';
import type { Level, ProfileCode } from '@trajectoire/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
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

export async function unitsOfEstablishment(db: Kysely<DB>, establishmentId: string, unitIds: string[]) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id'])
    .where('establishment_id', '=', establishmentId)
    .where('id', 'in', unitIds)
    .execute();
}

export async function deskOfEstablishment(db: Kysely<DB>, establishmentId: string, deskId: string) {
  return db
    .selectFrom('admission_desks')
    .select('id')
    .where('establishment_id', '=', establishmentId)
    .where('id', '=', deskId)
    .executeTakeFirst();
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
  unitName: string | null;
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
  'u.name as unit_name',
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
  unit_name: string | null;
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
    unitName: r.unit_name,
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
export type ExportRow = Omit<ReviewRow, 'id' | 'accountId' | 'level' | 'privileges'> & {
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
      'd.name as admissionDeskName',
      'h.starts_on as startsOn',
      'h.ends_on as endsOn',
      'h.receive_emails as receiveEmails',
      sql<string>`h.privileges::text`.as('privilegesJson'),
    ])
    .orderBy(sql`${order}`);
}
