import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueDirectoryRun } from '@trajectoire/core';
import { startLocalRor } from '@trajectoire/local-ror';
import { createRorClient } from '@trajectoire/ror-client';
import { insertEstablishment } from '@trajectoire/test-support/fixtures';
import { createTestSystem, TEST_APP_SECRET } from '@trajectoire/test-support/system';
import { Logger, runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { taskList } from '../task-list';

/**
 * A worker killed (SIGKILL) in the middle of a full load: the run stays where its last committed
 * checkpoint left it; once graphile-worker hands the job out again (a dead worker's lock expires),
 * another worker resumes it and ends with every unit once. Or, sooner, a start finds it silent for
 * 2 minutes, takes it for dead and the next full load takes it over.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const system = await createTestSystem();
const { db, deps, url } = system;
const ror = await startLocalRor({ establishments: 20, exportDelayMs: 20, exportPartSize: 10 });
afterAll(() => ror.close());
const rorEnv = {
  ROR_FHIR_URL: ror.url,
  ROR_TOKEN_URL: ror.tokenUrl,
  ROR_CLIENT_ID: ror.clientId,
  ROR_CLIENT_SECRET: ror.clientSecret,
  ROR_PROFIL_UTILISATEUR_CODE: ror.headers['Ror-Profil-Utilisateur-Code'],
  ROR_PROFIL_UTILISATEUR_SYSTEM: ror.headers['Ror-Profil-Utilisateur-System'],
  ROR_ROLE_METIER_CODE: ror.headers['Ror-Role-Metier-Code'],
  ROR_ROLE_METIER_SYSTEM: ror.headers['Ror-Role-Metier-System'],
};

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      APP_SECRET: TEST_APP_SECRET,
      SMTP_URL: system.catcher.smtpUrl,
      ...rorEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('worker started')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}): ${out}`)));
  });
}

const run = (id: string) => db.selectFrom('ror_sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Every job due, run by an in-process worker (the tasks of apps/worker against the same ROR). */
function runJobsHere() {
  const client = createRorClient(ror.clientSettings);
  return runOnce({
    connectionString: url,
    taskList: taskList({ core: deps, notifier: system.notifier, ror: { client } }),
    logger: new Logger(() => () => {}),
  });
}

/**
 * Queues a run and runs it here, slowed, and once its phase matches does what a start does with a
 * run silent for 2 minutes (service.ts, abandonIfDead) while its worker goes on; resolves once
 * that worker is done. Answers the run's id.
 */
async function abandonedWhileRunning(kind: 'FULL' | 'DELTA', phase: RegExp): Promise<string> {
  system.clock.set(new Date());
  ror.admin.faults({ delayMs: 200 });
  const runId = (await queueDirectoryRun(deps, kind, null)) as string;
  const working = runJobsHere();
  for (let i = 0; i < 250 && !phase.test((await run(runId)).phase ?? ''); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect((await run(runId)).phase).toMatch(phase);
  await sql`update ror_sync_runs set state = 'FAILED', checkpoint = checkpoint || '{"abandoned": true}'::jsonb
    where id = ${runId}`.execute(db);
  ror.admin.faults({});
  await working;
  return runId;
}

/** Starts a worker process, queues a full load and kills the worker (SIGKILL) once a file is staged. */
async function killMidFullLoad(): Promise<string> {
  system.clock.set(new Date());
  // Slow enough to be caught in the middle of its files.
  ror.admin.faults({ delayMs: 150 });
  const worker = await startWorkerProcess();
  const runId = (await queueDirectoryRun(deps, 'FULL', null)) as string;
  for (;;) {
    const current = await run(runId);
    if ((current.checkpoint as { filesDone?: number[] }).filesDone?.length) break;
    expect(current.state).not.toBe('SUCCEEDED');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  worker.kill('SIGKILL');
  await new Promise((resolve) => worker.once('exit', resolve));
  ror.admin.faults({});
  return runId;
}

describe('a worker killed mid-run', () => {
  it('leaves the run at its last checkpoint; the next worker resumes it without duplicates', {
    timeout: 120_000,
  }, async () => {
    const runId = await killMidFullLoad();

    const killed = await run(runId);
    expect(killed.state).toBe('RUNNING');
    const filesDone = (killed.checkpoint as { filesDone: number[] }).filesDone;
    expect(filesDone.length).toBeLessThan(killed.progress_total as number);

    // What graphile-worker does with a dead worker's job once its lock is stale.
    await sql`update graphile_worker._private_jobs set locked_at = null, locked_by = null`.execute(db);
    await sql`update graphile_worker._private_job_queues set locked_at = null, locked_by = null`.execute(db);
    await runJobsHere();
    const resumed = await run(runId);
    expect(resumed.state, resumed.failure ?? '').toBe('SUCCEEDED');
    // The same export, not a new one: the files staged before the kill were not read again.
    expect((resumed.checkpoint as { statusUrl: string }).statusUrl).toBe(
      (killed.checkpoint as { statusUrl: string }).statusUrl,
    );
    const state = ror.admin.state();
    const units = await sql<{ n: string; distinct: string }>`
      select count(*) as n, count(distinct ror_id) as distinct from units where ror_id is not null`.execute(db);
    const unitErrors = await db
      .selectFrom('ror_sync_errors')
      .select('resource_id')
      .where('run_id', '=', runId)
      .where('resource_type', '=', 'HealthcareService')
      .execute();
    expect(Number(units.rows[0]?.n)).toBe(state.units - unitErrors.length);
    expect(units.rows[0]?.distinct).toBe(units.rows[0]?.n);
    expect(resumed.created).toBe(state.establishments + state.units - unitErrors.length);
  });

  it('is taken for dead by a start once silent for 2 minutes: the next full load takes over its files, its job then does nothing', {
    timeout: 120_000,
  }, async () => {
    const deadId = await killMidFullLoad();
    const dead = await run(deadId);
    expect(dead.state).toBe('RUNNING');
    expect(dead.heartbeat_at).not.toBeNull();
    // Just killed: its last sign of life is recent, a start is still refused.
    expect(await queueDirectoryRun(deps, 'FULL', null)).toBeUndefined();

    // Two minutes and more without a sign of life.
    const silentSince = new Date(system.clock.now().getTime() - 3 * 60_000);
    await db.updateTable('ror_sync_runs').set({ heartbeat_at: silentSince }).where('id', '=', deadId).execute();
    const nextId = await queueDirectoryRun(deps, 'FULL', null);
    expect(nextId).toBeDefined();
    const abandoned = await run(deadId);
    expect(abandoned.state).toBe('FAILED');
    expect(abandoned.failure).toMatch(/^Le worker qui menait cette synchronisation s’est arrêté sans la finir/);
    expect(abandoned.checkpoint).toMatchObject({ abandoned: true });

    // The next full load takes over the files the dead one staged (same export, not asked again).
    await runJobsHere();
    const next = await run(nextId as string);
    expect(next.state, next.failure ?? '').toBe('SUCCEEDED');
    expect((next.checkpoint as { statusUrl: string }).statusUrl).toBe(
      (dead.checkpoint as { statusUrl: string }).statusUrl,
    );
    expect((next.checkpoint as { abandoned?: boolean }).abandoned).toBeUndefined();

    // The dead worker's job, handed out again once its lock is stale, leaves everything as it is.
    await sql`update graphile_worker._private_jobs set locked_at = null, locked_by = null`.execute(db);
    await sql`update graphile_worker._private_job_queues set locked_at = null, locked_by = null`.execute(db);
    await runJobsHere();
    expect(await run(deadId)).toMatchObject({ state: 'FAILED' });
    expect((await run(deadId)).failure).toMatch(/reprise par la synchronisation suivante/);
    const after = await run(nextId as string);
    expect([after.state, after.created, after.updated, after.unchanged]).toEqual([
      'SUCCEEDED',
      next.created,
      next.updated,
      next.unchanged,
    ]);
    const jobs = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(db);
    expect(Number(jobs.rows[0]?.n)).toBe(0);
  });

  it('stops at its next step once its run was taken for dead while it went on (a worker frozen, then woken)', async () => {
    // A unit of the directory the ROR no longer has: only the load's closing step closes it.
    const local = await insertEstablishment(db, { name: 'Clinique hors ROR' });
    const unit = await db
      .insertInto('units')
      .values({ establishment_id: local.id, name: 'Offre disparue', kind: 'MCO', ror_id: 'offre-disparue' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const closedAt = async () =>
      (await db.selectFrom('units').select('closed_at').where('id', '=', unit.id).executeTakeFirstOrThrow()).closed_at;

    // Caught while it waits for its export, then it goes on: it stops at its next step, staging,
    // merging and closing nothing.
    const runId = await abandonedWhileRunning('FULL', /^EXPORT/);
    const zombie = await run(runId);
    expect(zombie.state).toBe('FAILED');
    expect(zombie.failure).toMatch(/^Synchronisation abandonnée pendant qu’elle tournait/);
    const zombieCheckpoint = zombie.checkpoint as { filesDone?: number[]; merged?: unknown[] };
    expect(zombieCheckpoint.filesDone ?? []).toEqual([]);
    expect(zombieCheckpoint.merged).toBeUndefined();
    expect(await db.selectFrom('ror_sync_staging').select('ror_id').where('run_id', '=', runId).execute()).toEqual([]);
    expect(await closedAt()).toBeNull();

    // The next full load takes it over and closes what the ROR no longer has.
    const nextId = (await queueDirectoryRun(deps, 'FULL', null)) as string;
    await runJobsHere();
    expect((await run(nextId)).state).toBe('SUCCEEDED');
    expect(await closedAt()).not.toBeNull();
  });
  it('a delta taken for dead while it went on stops before merging its next page', async () => {
    ror.admin.changes(6);
    // Caught while it waits for its first page.
    const runId = await abandonedWhileRunning('DELTA', /^PAGES$/);
    const zombie = await run(runId);
    expect(zombie.state).toBe('FAILED');
    expect(zombie.failure).toMatch(/^Synchronisation abandonnée pendant qu’elle tournait/);
    expect(zombie.created + zombie.updated + zombie.unchanged).toBe(0);
    expect((zombie.checkpoint as { pages?: number }).pages).toBe(0);
  });
});
