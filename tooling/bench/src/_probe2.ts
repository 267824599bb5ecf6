import type { Database } from '@trajectoire/db';
import { sql } from 'kysely';
export async function reviewPageExplain(db: Database, est: string) {
  const q = db.selectFrom('habilitations as h')
    .where('h.establishment_id', '=', est).where('h.domain', '=', 'SANITAIRE')
    .where(({ exists, selectFrom }) => exists(selectFrom('establishments as ee').select('ee.id').whereRef('ee.id', '=', 'h.establishment_id').where('ee.departement', '=', '69')))
    .innerJoin('establishments as e', 'e.id', 'h.establishment_id')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .leftJoin('admission_desks as d', 'd.id', 'h.admission_desk_id')
    .select(['h.id', 'a.last_name', 'e.name', 'u.name as un', 'd.name as dn', 'h.privileges'])
    .orderBy(sql`h.holder_sort_key asc, h.id asc`).limit(50).offset(0);
  const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) ${q}`.execute(db);
  console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) await q.execute();
  console.log('avg ms', (performance.now() - t0) / 50);
}
