import { loadViewer, queueDirectoryRun, startEstablishmentSync, type Viewer } from '@trajectoire/core';
import { startLocalRor } from '@trajectoire/local-ror';
import { createRorClient } from '@trajectoire/ror-client';
import { insertAccount, insertEstablishment, insertHabilitation } from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { Logger, runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { taskList } from '../task-list';

/**
 * The ROR sync against the local ROR, through the real worker tasks (graphile-worker's runOnce)
 * and a real Postgres: full loads, a delta, closures, faults and their resumption, local fields.
 */

const system = await createTestSystem();
const { db, deps, url } = system;
// The local ROR stamps its changes with the real time; the sync's windows follow the same clock.
system.clock.set(new Date());

const ror = await startLocalRor({ establishments: 12, exportDelayMs: 30, exportPartSize: 25 });
afterAll(() => ror.close());
const client = createRorClient({
  ...ror.clientSettings,
  retries: 1,
  retryDelayMs: 5,
  pollIntervalMs: 10,
  timeoutMs: 3000,
});
const errors: string[] = [];
const logger = new Logger(() => (level, message) => {
  if (level === 'error') errors.push(message);
});
const tasks = taskList({
  core: deps,
  notifier: system.notifier,
  // One reading thread, whatever the machine: the threaded path is the one tested end to end.
  ror: { client, options: { mergeUnits: 20, pageSize: 3, readThreads: 1 } },
});

/** Runs every due job; a job that failed is made due again when `retry` is asked. */
async function runJobs(options: { retry?: boolean } = {}) {
  if (options.retry) await sql`update graphile_worker._private_jobs set run_at = now()`.execute(db);
  await runOnce({ connectionString: url, taskList: tasks, logger });
}

async function start(kind: 'FULL' | 'DELTA') {
  system.clock.set(new Date());
  const runId = await queueDirectoryRun(deps, kind, null);
  if (!runId) throw new Error('a run is already active');
  return runId;
}

const run = (id: string) => db.selectFrom('ror_sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const runErrors = (id: string) =>
  db
    .selectFrom('ror_sync_errors')
    .select(['resource_type', 'resource_id', 'reason'])
    .where('run_id', '=', id)
    .execute();
const count = async (table: 'units' | 'establishments', where = sql`true`) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db)).rows[0]?.n,
  );

const state = ror.admin.state();
const expectedEstablishments = state.establishments;
const expectedUnits = state.units;

/** Listens to the credential-change notifications the triggers send. */
async function listen() {
  const listener = new pg.Client(url);
  await listener.connect();
  const heard: string[] = [];
  listener.on('notification', (n) => heard.push(n.channel));
  await listener.query('listen credentials_changed');
  return {
    heard,
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await listener.end();
    },
  };
}

let firstRun = '';

/** Those of these units the directory has (the mapping may leave some kinds out). */
async function mappedUnits(ids: string[]) {
  const rows = await db.selectFrom('units').select('ror_id').where('ror_id', 'in', ids).execute();
  return rows.map((r) => r.ror_id as string);
}

describe('a full load', () => {
  it('creates every establishment and unit of the ROR, resolving the partOf chains', async () => {
    firstRun = await start('FULL');
    await runJobs();
    const report = await run(firstRun);
    const reportErrors = await runErrors(firstRun);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    const unitErrors = reportErrors.filter((e) => e.resource_type === 'HealthcareService').length;
    expect(report.created).toBe(expectedEstablishments + expectedUnits - unitErrors);
    expect(report).toMatchObject({ updated: 0, unchanged: 0, closed: 0, error_count: reportErrors.length });
    expect(await count('establishments', sql`ror_id is not null`)).toBe(expectedEstablishments);
    expect(await count('units', sql`ror_id is not null`)).toBe(expectedUnits - unitErrors);
    expect(report.progress_done).toBe(report.progress_total);
    expect(report.duration_ms).not.toBeNull();
    const chu = await db
      .selectFrom('establishments')
      .selectAll()
      .where('ror_id', '=', 'eg-chu-lyon')
      .executeTakeFirstOrThrow();
    expect(chu).toMatchObject({
      ror_sync_state: 'SYNCHRONISED',
      departement: '69',
      legal_entity_name: 'Hospices civils de Lyon',
    });
    const cardio = await db
      .selectFrom('units')
      .selectAll()
      .where('ror_id', '=', 'chu-lyon-cardio')
      .executeTakeFirstOrThrow();
    expect(cardio).toMatchObject({
      establishment_id: chu.id,
      name: 'Cardiologie',
      kind: 'MCO',
      ror_location_id: 'loc-chu-lyon-cardio',
    });
    expect(cardio.capacity).toBeGreaterThan(0);
    // No staging is left behind.
    expect(await db.selectFrom('ror_sync_staging').select('run_id').execute()).toEqual([]);
  });

  it('twice in a row changes nothing and fires no credential notification; local fields stay', async () => {
    await db
      .updateTable('establishments')
      .set({ description: 'Notre descriptif', access_itinerary: 'Bâtiment B' })
      .where('ror_id', '=', 'eg-chu-lyon')
      .execute();
    await db
      .updateTable('units')
      .set({ internal_code: 'UF-1234', pathologies: ['AVC'], filiere: 'Gériatrie', local_resources: ['Balnéo'] })
      .where('ror_id', '=', 'chu-lyon-cardio')
      .execute();
    const listener = await listen();
    const runId = await start('FULL');
    await runJobs();
    await listener.stop();
    const report = await run(runId);
    const first = await run(firstRun);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect(report).toMatchObject({ created: 0, updated: 0, closed: 0, unchanged: first.created });
    expect(listener.heard).toEqual([]);
    expect(
      await db
        .selectFrom('units')
        .select(['internal_code', 'pathologies', 'filiere', 'local_resources'])
        .where('ror_id', '=', 'chu-lyon-cardio')
        .executeTakeFirstOrThrow(),
    ).toEqual({ internal_code: 'UF-1234', pathologies: ['AVC'], filiere: 'Gériatrie', local_resources: ['Balnéo'] });
  });
});

describe('a delta', () => {
  it('reads only what changed since the last run: N changes, N units updated', async () => {
    const changes = ror.admin.changes(8);
    // Units the mapping leaves out (see the first run's errors) are reported again, not updated.
    const known = await mappedUnits(changes.map((c) => c.healthcareService));
    expect(known.length).toBeGreaterThan(0);
    // The local ROR stamps each change a millisecond after the last: let the clock pass them.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runId = await start('DELTA');
    await runJobs();
    const report = await run(runId);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect(report.updated).toBe(known.length);
    expect(report).toMatchObject({ created: 0, closed: 0 });
    expect(report.since).not.toBeNull();
    for (const change of changes.filter((c) => known.includes(c.healthcareService))) {
      const unit = await db
        .selectFrom('units')
        .select(['capacity', 'name'])
        .where('ror_id', '=', change.healthcareService)
        .executeTakeFirstOrThrow();
      expect(unit.capacity).toBe(change.capacity);
      if (change.name) expect(unit.name).toBe(change.name);
    }
    // A delta right after finds nothing new.
    const again = await start('DELTA');
    await runJobs();
    expect(await run(again)).toMatchObject({ state: 'SUCCEEDED', created: 0, updated: 0, closed: 0 });
  });

  it('closes a unit the ROR made inactive', async () => {
    ror.admin.inactivate(['HealthcareService/chu-lyon-neuro']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runId = await start('DELTA');
    await runJobs();
    expect(await run(runId)).toMatchObject({ state: 'SUCCEEDED', closed: 1 });
    const neuro = await db
      .selectFrom('units')
      .select('closed_at')
      .where('ror_id', '=', 'chu-lyon-neuro')
      .executeTakeFirstOrThrow();
    expect(neuro.closed_at).not.toBeNull();
  });
});

describe('a delta, organisations', () => {
  it('sees an establishment changed in the ROR though none of its offers changed, and closes its units with it', async () => {
    const unitsOf = () =>
      db
        .selectFrom('units')
        .innerJoin('establishments', 'establishments.id', 'units.establishment_id')
        .select(['units.ror_id', 'units.closed_at'])
        .where('establishments.ror_id', '=', 'eg-had-isere')
        .execute();
    const open = (await unitsOf()).filter((u) => u.closed_at === null);
    expect(open.length).toBeGreaterThan(0);
    ror.admin.inactivate(['Organization/eg-had-isere']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runId = await start('DELTA');
    await runJobs();
    expect(await run(runId)).toMatchObject({
      state: 'SUCCEEDED',
      closed: 1 + open.length,
      created: 0,
      updated: 0,
    });
    const had = await db
      .selectFrom('establishments')
      .select('closed_at')
      .where('ror_id', '=', 'eg-had-isere')
      .executeTakeFirstOrThrow();
    expect(had.closed_at).not.toBeNull();
    // Its units: every one closed, and a delta right after changes nothing.
    expect((await unitsOf()).filter((u) => u.closed_at === null)).toEqual([]);
    const again = await start('DELTA');
    await runJobs();
    expect(await run(again)).toMatchObject({ state: 'SUCCEEDED', created: 0, updated: 0, closed: 0 });
  });
});

describe('a delta wider than a search serves', () => {
  it('halves its windows by time until each fits, and still reads every change once', async () => {
    const capped = taskList({
      core: deps,
      notifier: system.notifier,
      ror: { client, options: { pageSize: 3, searchCap: 4 } },
    });
    const changes = ror.admin.changes(9);
    const known = await mappedUnits(changes.map((c) => c.healthcareService));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runId = await start('DELTA');
    await runOnce({ connectionString: url, taskList: capped, logger });
    const report = await run(runId);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect(report.updated).toBe(known.length);
    const windows = (report.checkpoint as { windows: { total: number | null }[] }).windows;
    expect(windows.length).toBeGreaterThan(3);
    for (const w of windows) expect(w.total ?? 0).toBeLessThanOrEqual(4);
  });
});

describe('a delta stopped mid-way', () => {
  it('resumes from the page after the last one merged: nothing counted or written twice', async () => {
    const changes = ror.admin.changes(10);
    const known = await mappedUnits(changes.map((c) => c.healthcareService));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const runId = await start('DELTA');
    // The first page of offers, then every request fails.
    ror.admin.faults({ failAfterRequests: 1, status: 500 });
    await runJobs();
    ror.admin.faults({});
    const failed = await run(runId);
    expect(failed.state).toBe('FAILED');
    expect(failed.failure).toMatch(/500/);
    const checkpoint = failed.checkpoint as { pages: number; next: string | null };
    expect(checkpoint.pages).toBe(1);
    expect(checkpoint.next).toMatch(/^http/);
    expect(failed.progress_done).toBe(1);
    const mergedSoFar = failed.updated + failed.unchanged;
    expect(mergedSoFar).toBeGreaterThan(0);

    await runJobs({ retry: true });
    const resumed = await run(runId);
    expect(resumed.state, resumed.failure ?? '').toBe('SUCCEEDED');
    expect(resumed.progress_done).toBeGreaterThan(1);
    expect(resumed.updated).toBe(known.length);
    expect(resumed.created).toBe(0);
    for (const change of changes.filter((c) => known.includes(c.healthcareService))) {
      const unit = await db
        .selectFrom('units')
        .select('capacity')
        .where('ror_id', '=', change.healthcareService)
        .executeTakeFirstOrThrow();
      expect(unit.capacity).toBe(change.capacity);
    }
  });
});

describe('closures and faults', () => {
  it('closes, never deletes, a unit deleted from the ROR: its habilitations stay', async () => {
    const unit = await db
      .selectFrom('units')
      .select(['id', 'establishment_id'])
      .where('ror_id', '=', 'chu-lyon-geriatrie')
      .executeTakeFirstOrThrow();
    const holder = await insertAccount(db, { username: 'ror.holder' });
    await insertHabilitation(db, {
      accountId: holder.id,
      profile: 'PRESCRIPTEUR_MEDICAL',
      establishmentId: unit.establishment_id,
      unitId: unit.id,
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
    });
    ror.admin.delete(['HealthcareService/chu-lyon-geriatrie', 'Location/loc-chu-lyon-geriatrie']);
    const runId = await start('FULL');
    await runJobs();
    const report = await run(runId);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect(report.closed).toBe(1);
    const closed = await db.selectFrom('units').select('closed_at').where('id', '=', unit.id).executeTakeFirstOrThrow();
    expect(closed.closed_at).not.toBeNull();
    expect(await db.selectFrom('habilitations').select('id').where('unit_id', '=', unit.id).execute()).toHaveLength(1);
  });

  it('a 5xx mid-export fails the run cleanly; its retry resumes from the files done, without duplicates', async () => {
    const changes = ror.admin.changes(8);
    const known = await mappedUnits(changes.map((c) => c.healthcareService));
    const runId = await start('FULL');
    // Kick-off, a poll or two, then the files: the fifth FHIR request on fails.
    ror.admin.faults({ failAfterRequests: 5, status: 503 });
    await runJobs();
    const failed = await run(runId);
    expect(failed.state).toBe('FAILED');
    expect(failed.failure).toMatch(/503/);
    const filesDone = (failed.checkpoint as { filesDone?: number[] }).filesDone ?? [];
    expect(filesDone.length).toBeGreaterThan(0);
    expect(failed.progress_total).toBeGreaterThan(filesDone.length);

    ror.admin.faults({});
    const unitsBefore = await count('units');
    await runJobs({ retry: true });
    const resumed = await run(runId);
    expect(resumed.state, resumed.failure ?? '').toBe('SUCCEEDED');
    expect(resumed.updated).toBe(known.length);
    expect(resumed.created + resumed.updated + resumed.unchanged).toBe((await run(firstRun)).created - 1);
    expect(await count('units')).toBe(unitsBefore);
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from (select ror_id from units where ror_id is not null group by ror_id having count(*) > 1) d`.execute(
      db,
    );
    expect(rows[0]?.n).toBe('0');
  });

  it('a full load started after one that failed for good takes over its files and its report', async () => {
    const failedId = await start('FULL');
    ror.admin.faults({ failAfterRequests: 5, status: 503 });
    await runJobs();
    ror.admin.faults({});
    const failed = await run(failedId);
    expect(failed.state).toBe('FAILED');
    const filesDone = (failed.checkpoint as { filesDone?: number[] }).filesDone ?? [];
    expect(filesDone.length).toBeGreaterThan(0);
    // Its retries given up: the next full load carries on from its checkpoint.
    await sql`delete from graphile_worker._private_jobs`.execute(db);
    const staged = await db.selectFrom('ror_sync_staging').select('ror_id').where('run_id', '=', failedId).execute();
    expect(staged.length).toBeGreaterThan(0);
    const runId = await start('FULL');
    await runJobs();
    const report = await run(runId);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect((report.checkpoint as { statusUrl?: string }).statusUrl).toBe(
      (failed.checkpoint as { statusUrl?: string }).statusUrl,
    );
    expect(report.created + report.updated + report.unchanged).toBe((await run(firstRun)).created - 1);
    expect(await run(failedId)).toMatchObject({ state: 'FAILED', failure: expect.stringMatching(/reprise/) });
    expect(await db.selectFrom('ror_sync_staging').select('ror_id').execute()).toEqual([]);
  });

  it('a merge that fails mid-way resumes with the batches not merged, side by side: nothing counted twice', async () => {
    // The last establishment's unit cannot be written (a trigger refuses it) until the retry.
    const { rows: last } = await sql<{ ror_id: string; eg: string }>`
      select u.ror_id, e.ror_id as eg from units u join establishments e on e.id = u.establishment_id
      where e.ror_id is not null and u.ror_id is not null order by e.ror_id desc, u.ror_id limit 1`.execute(db);
    const refused = last[0] as { ror_id: string; eg: string };
    await sql`
      create function refuse_one_unit() returns trigger language plpgsql as $$
      begin
        if new.ror_id = ${sql.lit(refused.ror_id)} then raise exception 'panne simulée pendant la fusion'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_one_unit before insert on units for each row execute function refuse_one_unit()`.execute(
      db,
    );
    const runId = await start('FULL');
    let failed: Awaited<ReturnType<typeof run>>;
    try {
      await runJobs();
      failed = await run(runId);
    } finally {
      await sql`drop trigger refuse_one_unit on units`.execute(db);
      await sql`drop function refuse_one_unit()`.execute(db);
    }
    expect(failed.state).toBe('FAILED');
    expect(failed.failure).toMatch(/panne simulée/);
    const merged = (failed.checkpoint as { merged?: [string, string][] }).merged ?? [];
    // The other batches committed (a lane goes on to the end of its batch), the refused one did not.
    expect(merged.length).toBeGreaterThan(0);
    expect(merged.some(([first, lastId]) => first <= refused.eg && refused.eg <= lastId)).toBe(false);
    // Its progress counts the batches merged out of all of them.
    expect(failed.progress_done).toBe(merged.length);
    expect(failed.progress_total).toBeGreaterThan(merged.length);
    expect(await count('units', sql`ror_id = ${refused.ror_id}`)).toBe(1);

    await runJobs({ retry: true });
    const resumed = await run(runId);
    expect(resumed.state, resumed.failure ?? '').toBe('SUCCEEDED');
    // Every establishment and unit counted once, over both attempts.
    expect(resumed.created + resumed.updated + resumed.unchanged).toBe((await run(firstRun)).created - 1);
    const ranges = (resumed.checkpoint as { merged?: [string, string][] }).merged ?? [];
    expect(ranges.length).toBeGreaterThan(merged.length);
  });

  it('records a malformed NDJSON line and an unreadable establishment as errors and goes on', async () => {
    ror.admin.faults({
      malformedNdjsonLine: { type: 'Location', line: 2 },
      malformedResourceId: 'eg-clinique-grenoble',
    });
    const runId = await start('FULL');
    await runJobs();
    ror.admin.faults({});
    const report = await run(runId);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    const found = await runErrors(runId);
    expect(found.some((e) => e.resource_type === 'NDJSON' && /illisible/.test(e.reason))).toBe(true);
    expect(found.some((e) => e.resource_id === 'eg-clinique-grenoble')).toBe(true);
    const grenoble = await db
      .selectFrom('establishments')
      .select(['ror_sync_state', 'ror_sync_error', 'closed_at'])
      .where('ror_id', '=', 'eg-clinique-grenoble')
      .executeTakeFirstOrThrow();
    expect(grenoble.ror_sync_state).toBe('ERROR');
    expect(grenoble.ror_sync_error).toBeTruthy();
    expect(grenoble.closed_at).toBeNull();
  });

  it('synchronises one establishment on demand: its units the ROR no longer has are closed', async () => {
    const chu = await db
      .selectFrom('establishments')
      .select('id')
      .where('ror_id', '=', 'eg-chu-lyon')
      .executeTakeFirstOrThrow();
    const admin = await insertAccount(db, { nationalAdmin: true });
    const viewer = await loadViewer(deps, admin.id);
    ror.admin.delete(['HealthcareService/chu-lyon-palliatif']);
    const { runId } = await startEstablishmentSync(deps, viewer as Viewer, { establishmentId: chu.id });
    await runJobs();
    const report = await run(runId);
    expect(report.state, report.failure ?? '').toBe('SUCCEEDED');
    expect(report).toMatchObject({ kind: 'ESTABLISHMENT', created: 0, updated: 0, closed: 1, error_count: 0 });
    // The CHU and the units the ROR still has (an inactive one stays closed), unchanged.
    expect(report.unchanged).toBe(
      1 +
        (await count(
          'units',
          sql`establishment_id = ${chu.id} and ror_id not in ('chu-lyon-palliatif', 'chu-lyon-geriatrie')`,
        )),
    );
    const palliatif = await db
      .selectFrom('units')
      .select('closed_at')
      .where('ror_id', '=', 'chu-lyon-palliatif')
      .executeTakeFirstOrThrow();
    expect(palliatif.closed_at).not.toBeNull();
  });

  it('fails, without retrying, the sync of an establishment the ROR does not know', async () => {
    const local = await insertEstablishment(db, { name: 'Clinique hors ROR' });
    const admin = await insertAccount(db, { nationalAdmin: true });
    const viewer = await loadViewer(deps, admin.id);
    const { runId } = await startEstablishmentSync(deps, viewer as Viewer, { establishmentId: local.id });
    await runJobs();
    const report = await run(runId);
    expect(report.state).toBe('FAILED');
    expect(report.failure).toMatch(/Le ROR ne connaît pas cet établissement \(FINESS \d{9}\)/);
    const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(db);
    expect(rows[0]?.n).toBe('0');
    const row = await db
      .selectFrom('establishments')
      .select(['ror_sync_state', 'ror_id'])
      .where('id', '=', local.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ ror_sync_state: 'NOT_SYNCHRONISED', ror_id: null });
  });

  it('runs a crontab occurrence: it creates its run, or skips while another is active', async () => {
    system.clock.set(new Date());
    const addCronJob = () =>
      sql`select graphile_worker.add_job('directory__ror_delta', json_build_object('_cron', json_build_object('ts', now(), 'backfilled', false)), queue_name => 'ror')`.execute(
        db,
      );
    const before = (await db.selectFrom('ror_sync_runs').select('id').execute()).length;
    await addCronJob();
    await runJobs();
    const runs = await db.selectFrom('ror_sync_runs').selectAll().orderBy('queued_at', 'desc').execute();
    expect(runs).toHaveLength(before + 1);
    expect(runs[0]).toMatchObject({ kind: 'DELTA', state: 'SUCCEEDED', requested_by: null });
    // While a run is queued, the occurrence does nothing.
    const queued = await queueDirectoryRun(deps, 'FULL', null, { withJob: false });
    await addCronJob();
    await runJobs();
    expect(await db.selectFrom('ror_sync_runs').select('id').execute()).toHaveLength(before + 2);
    await db
      .deleteFrom('ror_sync_runs')
      .where('id', '=', queued as string)
      .execute();
  });

  it('fails a run at once, saying so, when the worker has no ROR configured', async () => {
    const unconfigured = taskList({ core: deps, notifier: system.notifier });
    const runId = await start('DELTA');
    await runOnce({ connectionString: url, taskList: unconfigured, logger });
    const report = await run(runId);
    expect(report.state).toBe('FAILED');
    expect(report.failure).toMatch(/ROR n’est pas configuré/);
    const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(db);
    expect(rows[0]?.n).toBe('0');
  });

  it('stops cleanly when the token is refused, and is not retried', async () => {
    client.invalidateToken();
    ror.admin.faults({ refuseTokens: true });
    const runId = await start('DELTA');
    await runJobs();
    ror.admin.faults({});
    const report = await run(runId);
    expect(report.state).toBe('FAILED');
    expect(report.failure).toMatch(/autorisation du ROR a refusé/);
    const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(db);
    expect(rows[0]?.n).toBe('0');
  });
});
