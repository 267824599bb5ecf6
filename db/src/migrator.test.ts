import { createTestDatabase } from '@trajectoire/test-support/database';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './connection';
import type { DB } from './types';

const { url } = await createTestDatabase();
// One connection, as the app's pools make them: each statement planned once for the session.
const db = createDatabase(url, { max: 1 });
afterAll(() => db.destroy());

const addJob = (key: string, executor: Kysely<DB> = db) =>
  sql`select graphile_worker.add_job(identifier => 'account__send_sign_in_code', payload => '{}'::json,
        job_key => ${key}, priority => -10)`.execute(executor);

describe('graphile-worker’s queue, as migrated', () => {
  it('enqueues a keyed job without reading the jobs already waiting', async () => {
    // The session plans add_jobs' statements while the queue is empty…
    await addJob('first');
    // …then 3,000 jobs wait (an SMTP outage, a stopped worker).
    await sql`select graphile_worker.add_jobs(array(
        select ('account__send_sign_in_code', '{}'::json, null, null, null, 'waiting-' || g, null, null)::graphile_worker.job_spec
        from generate_series(1, 3000) g))`.execute(db);

    const rowsRead = await db.transaction().execute(async (trx) => {
      const read = async () =>
        (
          await sql<{
            n: string;
          }>`select pg_stat_get_xact_tuples_returned('graphile_worker._private_jobs'::regclass) as n`.execute(trx)
        ).rows[0]?.n;
      const before = Number(await read());
      for (let i = 0; i < 5; i++) await addJob(`next-${i}`, trx);
      return Number(await read()) - before;
    });
    // Looked up by key: a handful of index entries, where a scan would read 3,000 rows a call.
    expect(rowsRead).toBeLessThan(50);
  });
});
