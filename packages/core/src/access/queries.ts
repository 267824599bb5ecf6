import type { Database } from '@trajectoire/db';
import type { HabilitationGrant, Level } from '@trajectoire/domain';
import { type Expression, type InferResult, sql } from 'kysely';

export interface ViewerAccount {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  nationalAdmin: boolean;
  blocked: boolean;
}

export async function findViewerAccount(db: Database, accountId: string): Promise<ViewerAccount | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'username', 'first_name', 'last_name', 'email', 'national_admin', 'blocked_at'])
    .where('id', '=', accountId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return row && toViewerAccount(row);
}

/** The account columns every credential query reads (see auth/queries.ts). */
export interface ViewerAccountRow {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  national_admin: boolean;
  blocked_at: Date | null;
}

export function toViewerAccount(row: ViewerAccountRow): ViewerAccount {
  return {
    id: row.id,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    nationalAdmin: row.national_admin,
    blocked: row.blocked_at !== null,
  };
}

export interface HabilitationView extends HabilitationGrant {
  id: string;
  domain: string;
  establishmentName: string;
  departement: string;
  unitName: string | null;
  admissionDeskName: string | null;
  receiveEmails: boolean;
  privileges: unknown;
}

export async function listHabilitationsOfAccount(db: Database, accountId: string): Promise<HabilitationView[]> {
  const rows = await habilitationsOf(db, sql<string>`${accountId}::uuid`).execute();
  return rows.map(toHabilitationView);
}

/**
 * The habilitations of the account an expression designates, with their places' names. Also
 * nested as JSON into the query that reads a credential, so that a request learns who calls
 * and what they may do in one round trip.
 */
export function habilitationsOf(db: Database, accountId: Expression<string>) {
  return db
    .selectFrom('habilitations as h')
    .innerJoin('establishments as e', 'e.id', 'h.establishment_id')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .leftJoin('admission_desks as d', 'd.id', 'h.admission_desk_id')
    .select([
      'h.id',
      'h.profile',
      'h.domain',
      'h.level',
      'h.establishment_id',
      'h.unit_id',
      'h.admission_desk_id',
      'h.starts_on',
      'h.ends_on',
      'h.receive_emails',
      'h.privileges',
      'e.name as establishment_name',
      'e.departement',
      'u.name as unit_name',
      'd.name as desk_name',
    ])
    .where('h.account_id', '=', accountId)
    .orderBy('e.name')
    .orderBy('h.starts_on');
}

type HabilitationRow = InferResult<ReturnType<typeof habilitationsOf>>[number];

export function toHabilitationView(r: HabilitationRow): HabilitationView {
  return {
    id: r.id,
    profile: r.profile,
    domain: r.domain,
    level: r.level as Level,
    establishmentId: r.establishment_id,
    unitId: r.unit_id,
    admissionDeskId: r.admission_desk_id,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    receiveEmails: r.receive_emails,
    privileges: r.privileges,
    establishmentName: r.establishment_name,
    departement: r.departement,
    unitName: r.unit_name,
    admissionDeskName: r.desk_name,
  };
}

export interface AccountPlaceRow {
  establishmentId: string;
  unitId: string | null;
  establishmentName: string;
}

/**
 * The places of the account `a.id` designates, as JSON: its habilitations' and its attachments',
 * with the establishment's name (what de-duplication shows outside the caller's scope).
 */
export const placesOfAccount = sql<AccountPlaceRow[]>`coalesce((
  select json_agg(json_build_object('establishmentId', p.establishment_id, 'unitId', p.unit_id,
    'establishmentName', e.name))
  from (select establishment_id, unit_id from habilitations where account_id = a.id
        union
        select establishment_id, unit_id from account_attachments where account_id = a.id) p
  join establishments e on e.id = p.establishment_id), '[]')`;

/** Where an account belongs, as far as managing it goes: its habilitations' and attachments' places. */
export async function placesOfAccountById(db: Database, accountId: string): Promise<AccountPlaceRow[]> {
  const row = await sql<{ places: AccountPlaceRow[] }>`
    select ${placesOfAccount} as places from accounts a where a.id = ${accountId}`.execute(db);
  return row.rows[0]?.places ?? [];
}

/** Active accounts among `ids`, with what decides who may manage them. */
export async function managedAccountsByIds(db: Database, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await sql<{
    id: string;
    last_name: string;
    first_name: string;
    username: string;
    national_admin: boolean;
    places: AccountPlaceRow[];
  }>`
    select a.id, a.last_name, a.first_name, a.username, a.national_admin, ${placesOfAccount} as places
    from accounts a where a.id = any(${[...ids]}::uuid[]) and a.deactivated_at is null`.execute(db);
  return rows.rows;
}
