import { queueDirectoryRun } from '@trajectoire/core';
import { writeDirectory } from '@trajectoire/demo-data';
import { generateDirectory } from '@trajectoire/demo-data/dataset';
import { createRorClient } from '@trajectoire/ror-client';
import { createTestSystem } from '@trajectoire/test-support/system';
import { Logger, runOnce } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { taskList } from '../task-list';

/**
 * The demo data is the ROR's: over a database seeded with the demo directory, a first full load
 * from the local ROR serving the same dataset matches every row and changes none.
 */

const system = await createTestSystem({ localRor: { establishments: 10, exportDelayMs: 20 } });
const { db, deps, url } = system;
const ror = system.ror as NonNullable<typeof system.ror>;

describe('a first full load over the demo seed', () => {
  it('finds the demo establishments and units as the ROR has them: nothing created, nothing updated', async () => {
    await db
      .transaction()
      .execute((trx) => writeDirectory(trx, generateDirectory({ establishments: 10 }).establishments));
    const client = createRorClient({
      ...ror.clientSettings,
      pollIntervalMs: 10,
    });
    const units = await db.selectFrom('units').select('id').execute();
    const runId = (await queueDirectoryRun(deps, 'FULL', null)) as string;
    await runOnce({
      connectionString: url,
      taskList: taskList({ core: deps, notifier: system.notifier, ror: { client } }),
      logger: new Logger(() => () => {}),
    });
    const report = await db.selectFrom('ror_sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect(report).toMatchObject({ created: 0, updated: 0, closed: 0 });
    expect(report.unchanged).toBe(10 + units.length);
    expect(await db.selectFrom('units').select('id').execute()).toHaveLength(units.length);
  });
});
