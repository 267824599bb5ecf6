import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueDirectoryRun } from '@trajectoire/core';
import { startLocalRor } from '@trajectoire/local-ror';
import { createRorClient } from '@trajectoire/ror-client';
import { createTestSystem, TEST_APP_SECRET } from '@trajectoire/test-support/system';
import { Logger, runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { taskList } from '../task-list';

/**
 * A worker killed (SIGKILL) in the middle of a full load: the run stays where its last committed
 * checkpoint left it; once graphile-worker hands the job out again (a dead worker's lock expires),
 * another worker resumes it and ends with every unit once.
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

describe('a worker killed mid-run', () => {
  it('leaves the run at its last checkpoint; the next worker resumes it without duplicates', {
    timeout: 120_000,
  }, async () => {
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

    const killed = await run(runId);
    expect(killed.state).toBe('RUNNING');
    const filesDone = (killed.checkpoint as { filesDone: number[] }).filesDone;
    expect(filesDone.length).toBeLessThan(killed.progress_total as number);

    // What graphile-worker does with a dead worker's job once its lock is stale.
    await sql`update graphile_worker._private_jobs set locked_at = null, locked_by = null`.execute(db);
    await sql`update graphile_worker._private_job_queues set locked_at = null, locked_by = null`.execute(db);
    const client = createRorClient({
      fhirUrl: ror.url,
      tokenUrl: ror.tokenUrl,
      clientId: ror.clientId,
      clientSecret: ror.clientSecret,
      identity: {
        profilUtilisateurCode: rorEnv.ROR_PROFIL_UTILISATEUR_CODE,
        profilUtilisateurSystem: rorEnv.ROR_PROFIL_UTILISATEUR_SYSTEM,
        roleMetierCode: rorEnv.ROR_ROLE_METIER_CODE,
        roleMetierSystem: rorEnv.ROR_ROLE_METIER_SYSTEM,
      },
    });
    await runOnce({
      connectionString: url,
      taskList: taskList({ core: deps, notifier: system.notifier, ror: { client } }),
      logger: new Logger(() => () => {}),
    });
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
});
