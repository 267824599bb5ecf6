import type { DB } from '@trajectoire/db';
import { defaultPrivileges } from '@trajectoire/domain';
import type { Transaction } from 'kysely';
import { DEMO_ACCOUNTS } from './accounts';
import { DEMO_ESTABLISHMENTS } from './dataset';

/** Habilitations of the demo run from this day for five years (the maximum). */
const STARTS_ON = '2026-01-05';
const ENDS_ON = '2031-01-04';

/**
 * Inserts the habilitations of the demo accounts just created (`accountIds`, by username), with
 * their profiles' default privileges. Places are found by the demo establishments' FINESS and
 * their units' and desks' names.
 */
export async function writeDemoHabilitations(trx: Transaction<DB>, accountIds: ReadonlyMap<string, string>) {
  const granted = DEMO_ACCOUNTS.flatMap((a) => {
    const accountId = accountIds.get(a.username);
    return accountId ? a.habilitations.map((h) => ({ accountId, h })) : [];
  });
  if (granted.length === 0) return;
  const places = await demoPlaceIds(trx);
  const idOf = (key: string) => {
    const id = places.get(key);
    if (!id) throw new Error(`Demo place missing from the database: ${key}`);
    return id;
  };
  await trx
    .insertInto('habilitations')
    .values(
      granted.map(({ accountId, h }) => ({
        account_id: accountId,
        profile: h.profile,
        domain: h.domain,
        level: h.level,
        establishment_id: idOf(h.establishment),
        unit_id: h.unit ? idOf(h.unit) : null,
        admission_desk_id: h.desk ? idOf(h.desk) : null,
        starts_on: STARTS_ON,
        ends_on: ENDS_ON,
        privileges: JSON.stringify(defaultPrivileges(h.profile)),
      })),
    )
    .execute();
}

/** Database ids of the demo establishments, units and desks, by their dataset keys. */
async function demoPlaceIds(trx: Transaction<DB>): Promise<Map<string, string>> {
  const byFiness = new Map(DEMO_ESTABLISHMENTS.map((e) => [e.finess, e]));
  const establishments = await trx
    .selectFrom('establishments')
    .select(['id', 'finess'])
    .where('finess', 'in', [...byFiness.keys()])
    .execute();
  const ids = new Map<string, string>();
  const byId = new Map<string, (typeof DEMO_ESTABLISHMENTS)[number]>();
  for (const row of establishments) {
    const e = byFiness.get(row.finess);
    if (!e) continue;
    ids.set(e.key, row.id);
    byId.set(row.id, e);
  }
  if (byId.size === 0) return ids;
  const units = await trx
    .selectFrom('units')
    .select(['id', 'establishment_id', 'name'])
    .where('establishment_id', 'in', [...byId.keys()])
    .execute();
  for (const row of units) {
    const u = byId.get(row.establishment_id)?.units.find((unit) => unit.name === row.name);
    if (u) ids.set(u.key, row.id);
  }
  const desks = await trx
    .selectFrom('admission_desks')
    .select(['id', 'establishment_id', 'name'])
    .where('establishment_id', 'in', [...byId.keys()])
    .execute();
  for (const row of desks) {
    const d = byId.get(row.establishment_id)?.desks.find((desk) => desk.name === row.name);
    if (d) ids.set(d.key, row.id);
  }
  return ids;
}
