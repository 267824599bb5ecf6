import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueDirectoryRun } from '@trajectoire/core';
import { createTestSystem, TEST_APP_SECRET } from '@trajectoire/test-support/system';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKER_NODE_FLAGS } from '../node-flags';

/**
 * The sync at scale, on demand only (`ROR_SCALE=100000 npx vitest run <this file>`): the local
 * ROR and the real worker each in a process of their own, as in production; a full load, a second
 * one (nothing changed), then a delta with 1 % of the units changed. Prints durations and the
 * worker's peak RSS (VmHWM).
 */

const UNITS = Number(process.env.ROR_SCALE ?? 0);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
// node itself (tsx as a loader), so that the child's pid is the process measured.

/** Every child started, killed after the tests whatever happened (a failed start included). */
const children = new Set<ChildProcess>();

function stopAll(): Promise<void> {
  return Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          children.delete(child);
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}

function startProcess(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  // The worker as `npm start -w @trajectoire/worker` runs it (apps/worker/package.json), unless told otherwise.
  const flags = process.env.ROR_SCALE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [...WORKER_NODE_FLAGS];
  const child = spawn(process.execPath, [...(script.includes('worker') ? flags : []), '--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
    // Never ready: stopped rather than left running.
    setTimeout(() => {
      if (!ready.test(out)) {
        child.kill('SIGKILL');
        reject(new Error(`${script} not ready after 5 minutes: ${out}`));
      }
    }, 300_000).unref();
  });
}

const peakRss = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
};

describe.skipIf(!UNITS)('ROR sync at scale', () => {
  afterAll(stopAll);
  it(`loads ${UNITS} units in full, again, then a 1 % delta`, { timeout: 900_000 }, async () => {
    const system = await createTestSystem();
    const port = 18_000 + Math.floor(Math.random() * 1000);
    await startProcess(
      'tooling/local-ror/src/main.ts',
      { LOCAL_ROR_PORT: String(port), LOCAL_ROR_UNITS: String(UNITS), LOCAL_ROR_EXPORT_DELAY_MS: '200' },
      /Admin/,
    );
    const worker = await startProcess(
      'apps/worker/src/main.ts',
      {
        DATABASE_URL: system.url,
        APP_SECRET: TEST_APP_SECRET,
        SMTP_URL: system.catcher.smtpUrl,
        ROR_FHIR_URL: `http://127.0.0.1:${port}/ror/fhir`,
        ROR_TOKEN_URL: `http://127.0.0.1:${port}/realms/ror/protocol/openid-connect/token`,
        ROR_CLIENT_ID: 'trajectoire-local',
        ROR_CLIENT_SECRET: 'local-ror-secret',
        ROR_PROFIL_UTILISATEUR_CODE: 'TRAJECTOIRE',
        ROR_PROFIL_UTILISATEUR_SYSTEM: 'urn:trajectoire:local-ror:profil-utilisateur',
        ROR_ROLE_METIER_CODE: 'ORIENTATION',
        ROR_ROLE_METIER_SYSTEM: 'urn:trajectoire:local-ror:role-metier',
      },
      /worker started/,
    );

    const runOnce = async (kind: 'FULL' | 'DELTA') => {
      system.clock.set(new Date());
      const id = (await queueDirectoryRun(system.deps, kind, null)) as string;
      const started = Date.now();
      for (;;) {
        const run = await system.db
          .selectFrom('ror_sync_runs')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        if (run.state === 'SUCCEEDED' || run.state === 'FAILED') {
          return { ...run, wallMs: Date.now() - started, workerPeakRss: peakRss(worker.pid as number) };
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    const line = (label: string, r: Awaited<ReturnType<typeof runOnce>>) =>
      console.log(
        `${label}: ${r.state} in ${(r.wallMs / 1000).toFixed(1)} s — created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, closed ${r.closed}, errors ${r.error_count}; worker peak RSS ${mb(r.workerPeakRss)}`,
      );

    const full = await runOnce('FULL');
    line('full load', full);
    expect(full.state, full.failure ?? '').toBe('SUCCEEDED');
    const again = await runOnce('FULL');
    line('full load, nothing changed', again);
    expect(again).toMatchObject({ created: 0, updated: 0, closed: 0 });

    const changed = Math.round(UNITS / 100);
    const response = await fetch(`http://127.0.0.1:${port}/admin/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: changed }),
    });
    expect(response.ok).toBe(true);
    // The local ROR stamps each change a millisecond after the previous one: let the clock pass them.
    await new Promise((resolve) => setTimeout(resolve, 2 * changed + 1000));
    const delta = await runOnce('DELTA');
    line(`delta (${changed} units changed)`, delta);
    expect(delta.state, delta.failure ?? '').toBe('SUCCEEDED');
    expect(delta.updated).toBe(changed);
  });
});
