import { queueDirectoryRun } from '@trajectoire/core';
import { rorDirectory, startLocalRor } from '@trajectoire/local-ror';
import { createRorClient } from '@trajectoire/ror-client';
import { createTestSystem } from '@trajectoire/test-support/system';
import { Logger, runOnce } from 'graphile-worker';
import { afterAll, describe, expect, it } from 'vitest';
import { taskList } from '../task-list';

/**
 * A full load over a directory that already had establishments: one the directory knew before
 * the ROR (same FINESS, no ROR id) is linked rather than duplicated; a FINESS another ROR record
 * already holds is an error for that establishment alone.
 */

const system = await createTestSystem();
const { db, deps, url } = system;
system.clock.set(new Date());

const ESTABLISHMENTS = 5;
const ror = await startLocalRor({ establishments: ESTABLISHMENTS, exportDelayMs: 0 });
afterAll(() => ror.close());
const client = createRorClient({
  ...ror.clientSettings,
  retries: 0,
  pollIntervalMs: 10,
  timeoutMs: 3000,
});
const tasks = taskList({
  core: deps,
  notifier: system.notifier,
  ror: { client, options: { mergeUnits: 4 } },
});
const logger = new Logger(() => () => {});

const [known, taken] = rorDirectory({ establishments: ESTABLISHMENTS }).establishments;
if (!known || !taken) throw new Error('the local ROR has too few establishments');

describe('a full load over establishments the directory already had', () => {
  it('links the one with the same FINESS and no ROR id; refuses a FINESS another ROR record holds', async () => {
    const before = await db
      .insertInto('establishments')
      .values({ finess: known.finess, name: 'Ancien nom', departement: known.departement, category: 'Ancienne' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const holder = await db
      .insertInto('establishments')
      .values({
        finess: taken.finess,
        name: 'Fiche d’une autre instance',
        departement: taken.departement,
        category: 'Autre',
        ror_id: 'autre-fiche',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const runId = await queueDirectoryRun(deps, 'FULL', null);
    if (!runId) throw new Error('a run is already active');
    await runOnce({ connectionString: url, taskList: tasks, logger });
    const run = await db.selectFrom('ror_sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.state, run.failure ?? '').toBe('SUCCEEDED');

    // Linked: the same row, now the ROR's, with the ROR's fields.
    const linked = await db
      .selectFrom('establishments')
      .select(['id', 'ror_id', 'name', 'ror_sync_state'])
      .where('finess', '=', known.finess)
      .execute();
    expect(linked).toEqual([
      { id: before.id, ror_id: `eg-${known.key}`, name: known.name, ror_sync_state: 'SYNCHRONISED' },
    ]);

    // Refused: the holder keeps its FINESS; the ROR's record is not written, and says why.
    const errors = await db
      .selectFrom('ror_sync_errors')
      .select(['resource_type', 'resource_id', 'reason'])
      .where('run_id', '=', runId)
      .execute();
    expect(errors).toContainEqual({
      resource_type: 'Organization',
      resource_id: `eg-${taken.key}`,
      reason: `FINESS ${taken.finess} : déjà celui d’un autre établissement de l’annuaire, lié à une autre fiche du ROR`,
    });
    const holderNow = await db
      .selectFrom('establishments')
      .select(['finess', 'name', 'ror_id'])
      .where('id', '=', holder.id)
      .executeTakeFirstOrThrow();
    expect(holderNow).toMatchObject({
      finess: taken.finess,
      name: 'Fiche d’une autre instance',
      ror_id: 'autre-fiche',
    });
    expect(
      await db.selectFrom('establishments').select('id').where('ror_id', '=', `eg-${taken.key}`).execute(),
    ).toEqual([]);
    // Its units have no establishment to belong to: each an error of its own.
    const orphans = errors.filter((e) => e.reason.includes(`« eg-${taken.key} » absent de l’annuaire`));
    expect(orphans.length).toBeGreaterThan(0);
    expect(orphans.length).toBeLessThanOrEqual(taken.units.length);

    // Every other establishment is there once; the counts add up.
    const all = await db.selectFrom('establishments').select(['ror_id']).execute();
    expect(all.filter((e) => e.ror_id?.startsWith('eg-')).length).toBe(ESTABLISHMENTS - 1);
    expect(run.created).toBeGreaterThan(0);
    expect(run.error_count).toBe(errors.length);
  });
});
