import { PassThrough } from 'node:stream';
import { DEFAULT_RATE_LIMITS, EXPORT_LIMITS, exportReview, loadViewer } from '@trajectoire/core';
import { createDatabase } from '@trajectoire/db';
import { createTestDatabase } from '@trajectoire/test-support/database';
import { insertAccount, insertEstablishment, insertHabilitation } from '@trajectoire/test-support/fixtures';
import { TEST_APP_SECRET } from '@trajectoire/test-support/system';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * An export keeps a transaction open while its download drains: it has bounds of its own instead
 * of the app pool's, and a download that stalls for good is given up, its connection closed.
 */
const { url } = await createTestDatabase();
// The app's pool, with an idle-in-transaction bound far shorter than an export's reading.
const db = createDatabase(url, { max: 3, statementTimeoutMs: 2_000, idleInTransactionTimeoutMs: 200 });
afterAll(() => db.destroy());
const deps = {
  db,
  clock: { now: () => new Date() },
  config: { appSecret: TEST_APP_SECRET, rateLimits: DEFAULT_RATE_LIMITS },
};

const establishment = await insertEstablishment(db, { departement: '73' });
const referent = await insertAccount(db);
await insertHabilitation(db, {
  accountId: referent.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: establishment.id,
  startsOn: '2020-01-01',
  endsOn: '2099-12-31',
});
await sql`
  insert into habilitations (account_id, profile, domain, level, establishment_id, starts_on, ends_on, privileges)
  select ${referent.id}::uuid, 'EQUIPE_SOIGNANTE', 'SANITAIRE', 'ESTABLISHMENT', ${establishment.id}::uuid,
         date '2026-01-01', date '2026-01-01' + g, '{}'::jsonb
  from generate_series(1, 5000) g`.execute(db);
const viewer = await loadViewer(deps, referent.id);
if (!viewer) throw new Error('no viewer');
const filters = {
  domain: 'SANITAIRE',
  departement: '73',
  establishmentId: establishment.id,
  sort: 'NAME',
  direction: 'ASC',
} as const;

const openCursors = async () =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from pg_stat_activity
        where datname = current_database() and query like 'fetch % from batch_cursor'`.execute(db)
    ).rows[0]?.n,
  );

describe('an export’s time bounds', () => {
  it('outlast the pool’s: a download slower than the pool allows still gets every row', async () => {
    const output = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    // The download pauses once, longer than the pool lets a transaction wait.
    output.on('data', (chunk: Buffer) => {
      if (chunks.push(chunk) > 1) return;
      output.pause();
      setTimeout(() => output.resume(), 600);
    });
    expect(await exportReview(deps, viewer, filters, output)).toBe(5001);
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('give up a download that has stalled, and close the cursor’s connection', async () => {
    // Nobody reads this download.
    const output = new PassThrough({ highWaterMark: 1024 });
    const started = Date.now();
    await expect(
      exportReview(deps, viewer, filters, output, { ...EXPORT_LIMITS, idleInTransactionTimeoutMs: 300 }),
    ).rejects.toThrow(/has not moved for 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await openCursors()).toBe(0);
  });
});
