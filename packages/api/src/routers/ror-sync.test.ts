import { failure } from '@trajectoire/test-support/errors';
import {
  insertAccount,
  insertEstablishment,
  insertHabilitation,
  insertUnit,
  TEST_PASSWORD,
} from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

/**
 * rorSync through the real server and the typed client: who may start which run, who reads
 * which runs, one FULL/DELTA run at a time. The runs' work is tested in the worker
 * (apps/worker/src/tasks/directory__ror.test.ts).
 */

const system = await createTestSystem();
const { db } = system;

const lyon = await insertEstablishment(db, { name: 'CHU de Lyon', departement: '69' });
const lyonUnit = await insertUnit(db, lyon.id, 'Cardiologie');
const grenoble = await insertEstablishment(db, { name: 'Clinique de Grenoble', departement: '38' });

const admin = await system.signedInBrowser(await insertAccount(db, { nationalAdmin: true }), TEST_PASSWORD);
const structureAccount = await insertAccount(db);
await insertHabilitation(db, {
  accountId: structureAccount.id,
  profile: 'REFERENT_STRUCTURE',
  establishmentId: lyon.id,
});
const structure = await system.signedInBrowser(structureAccount, TEST_PASSWORD);
const unitAccount = await insertAccount(db);
await insertHabilitation(db, {
  accountId: unitAccount.id,
  profile: 'REFERENT_UNITE',
  establishmentId: lyon.id,
  unitId: lyonUnit.id,
});
const unitReferent = await system.signedInBrowser(unitAccount, TEST_PASSWORD);
const prescriberAccount = await insertAccount(db);
await insertHabilitation(db, {
  accountId: prescriberAccount.id,
  profile: 'PRESCRIPTEUR_MEDICAL',
  establishmentId: lyon.id,
});
const prescriber = await system.signedInBrowser(prescriberAccount, TEST_PASSWORD);
const anonymous = system.browser();

const jobsOf = async (task: string) =>
  (
    await sql<{ payload: { runId: string }; queue_name: string | null }>`
      select j.payload, q.queue_name from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
      where t.identifier = ${task}`.execute(db)
  ).rows;
const runRows = () => db.selectFrom('ror_sync_runs').select(['id', 'kind', 'state']).execute();

describe('rorSync.start', () => {
  it('queues a full load for a national administrator: the run and its job, on the ror queue', async () => {
    const { runId } = await admin.client.rorSync.start.mutate({ kind: 'FULL' });
    expect(await jobsOf('directory__ror_full_load')).toEqual([{ payload: { runId }, queue_name: 'ror' }]);
    const run = await admin.client.rorSync.run.query({ id: runId });
    expect(run).toMatchObject({ kind: 'FULL', state: 'QUEUED', created: 0, errors: [], errorsCursor: null });
  });

  it('refuses a second FULL or DELTA run while one is queued (ROR_SYNC_RUNNING), writing nothing', async () => {
    const before = await runRows();
    for (const kind of ['FULL', 'DELTA'] as const) {
      const refused = await failure(admin.client.rorSync.start.mutate({ kind }));
      expect(refused).toMatchObject({ appCode: 'ROR_SYNC_RUNNING', status: 409 });
      expect(refused.message).toMatch(/déjà en cours/);
    }
    expect(await runRows()).toEqual(before);
    // Once it is over, another may start.
    await db.updateTable('ror_sync_runs').set({ state: 'SUCCEEDED' }).execute();
    const { runId } = await admin.client.rorSync.start.mutate({ kind: 'DELTA' });
    expect((await jobsOf('directory__ror_delta')).map((j) => j.payload.runId)).toEqual([runId]);
    await db.updateTable('ror_sync_runs').set({ state: 'SUCCEEDED' }).execute();
  });

  it('is an administrator’s only: référents and others are refused, nobody signed in too', async () => {
    const before = await runRows();
    for (const browser of [structure, unitReferent, prescriber]) {
      expect(await failure(browser.client.rorSync.start.mutate({ kind: 'FULL' }))).toMatchObject({
        appCode: 'FORBIDDEN',
        status: 403,
      });
    }
    expect(await failure(anonymous.client.rorSync.start.mutate({ kind: 'DELTA' }))).toMatchObject({
      appCode: 'NOT_SIGNED_IN',
    });
    expect(await runRows()).toEqual(before);
  });
});

describe('rorSync.startEstablishment', () => {
  it('lets the Référent structure sync her establishment, once at a time', async () => {
    const { runId } = await structure.client.rorSync.startEstablishment.mutate({ establishmentId: lyon.id });
    expect(await jobsOf('directory__ror_establishment')).toEqual([{ payload: { runId }, queue_name: 'ror' }]);
    expect(
      await failure(structure.client.rorSync.startEstablishment.mutate({ establishmentId: lyon.id })),
    ).toMatchObject({ appCode: 'ROR_SYNC_RUNNING' });
    // Another establishment's run is independent (the administrator's).
    await admin.client.rorSync.startEstablishment.mutate({ establishmentId: grenoble.id });
  });

  it('refuses another establishment, a Référent unité, plain profiles and nobody', async () => {
    const before = await runRows();
    const refusals = [
      () => structure.client.rorSync.startEstablishment.mutate({ establishmentId: grenoble.id }),
      () => unitReferent.client.rorSync.startEstablishment.mutate({ establishmentId: lyon.id }),
      () => prescriber.client.rorSync.startEstablishment.mutate({ establishmentId: lyon.id }),
    ];
    for (const call of refusals) expect(await failure(call())).toMatchObject({ appCode: 'FORBIDDEN', status: 403 });
    expect(
      await failure(anonymous.client.rorSync.startEstablishment.mutate({ establishmentId: lyon.id })),
    ).toMatchObject({ appCode: 'NOT_SIGNED_IN' });
    expect(
      await failure(admin.client.rorSync.startEstablishment.mutate({ establishmentId: 'not-a-uuid' })),
    ).toMatchObject({ appCode: 'INVALID_INPUT' });
    expect(await runRows()).toEqual(before);
  });
});

describe('rorSync.runs and rorSync.run', () => {
  it('lists every run to an administrator, newest first, and her establishment’s to a Référent structure', async () => {
    const all = await admin.client.rorSync.runs.query();
    expect(all.items.map((r) => r.kind).sort()).toEqual(['DELTA', 'ESTABLISHMENT', 'ESTABLISHMENT', 'FULL']);
    const own = await structure.client.rorSync.runs.query({});
    expect(own.items.map((r) => [r.kind, r.establishmentName])).toEqual([['ESTABLISHMENT', 'CHU de Lyon']]);
    for (const browser of [unitReferent, prescriber]) {
      expect(await failure(browser.client.rorSync.runs.query())).toMatchObject({ appCode: 'FORBIDDEN' });
    }
  });

  it('pages runs by cursor', async () => {
    for (let i = 0; i < 55; i++) {
      await db
        .insertInto('ror_sync_runs')
        .values({ kind: 'DELTA', state: 'SUCCEEDED', queued_at: new Date(Date.UTC(2026, 0, 1, 0, i)) })
        .execute();
    }
    const first = await admin.client.rorSync.runs.query();
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await admin.client.rorSync.runs.query({ cursor: first.nextCursor });
    const ids = new Set([...first.items, ...second.items].map((r) => r.id));
    expect(ids.size).toBe(59);
    expect(second.nextCursor).toBeNull();
  });

  it('shows a run’s report and its errors a page at a time; another establishment’s run is not found', async () => {
    const [mine] = (await structure.client.rorSync.runs.query()).items;
    const runId = mine?.id as string;
    await db
      .insertInto('ror_sync_errors')
      .values(
        Array.from({ length: 130 }, (_, i) => ({
          run_id: runId,
          resource_type: 'HealthcareService',
          resource_id: `hs-${i}`,
          reason: 'FINESS : clé de contrôle fausse',
        })),
      )
      .execute();
    const page1 = await structure.client.rorSync.run.query({ id: runId });
    expect(page1.errors).toHaveLength(100);
    expect(page1.errors[0]).toEqual({
      resourceType: 'HealthcareService',
      resourceId: 'hs-0',
      reason: 'FINESS : clé de contrôle fausse',
    });
    const page2 = await structure.client.rorSync.run.query({ id: runId, errorsCursor: page1.errorsCursor });
    expect(page2.errors.map((e) => e.resourceId)).toEqual(Array.from({ length: 30 }, (_, i) => `hs-${i + 100}`));
    expect(page2.errorsCursor).toBeNull();

    const grenobleRun = (await admin.client.rorSync.runs.query()).items.find((r) => r.establishmentId === grenoble.id);
    expect(await failure(structure.client.rorSync.run.query({ id: grenobleRun?.id as string }))).toMatchObject({
      appCode: 'NOT_FOUND',
    });
    const full = (await admin.client.rorSync.runs.query()).items.find((r) => r.kind === 'FULL');
    expect(await failure(structure.client.rorSync.run.query({ id: full?.id as string }))).toMatchObject({
      appCode: 'NOT_FOUND',
    });
    expect(await failure(prescriber.client.rorSync.run.query({ id: runId }))).toMatchObject({ appCode: 'NOT_FOUND' });
  });
});
