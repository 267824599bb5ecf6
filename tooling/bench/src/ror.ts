import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TrajectoireClient } from '@trajectoire/client';
import { createDatabase, type Database } from '@trajectoire/db';
import { migrateToLatest } from '@trajectoire/db/migrator';
import { fhirResources, rorDirectory } from '@trajectoire/local-ror';
import { createRorClient } from '@trajectoire/ror-client';
import {
  type EstablishmentRorRow,
  establishmentRow,
  type LocationRecord,
  mapHealthcareService,
  mapLocation,
  mapOrganization,
  type OrganizationRecord,
  resolveEstablishment,
  type UnitRorRow,
  unitRow,
} from '@trajectoire/ror-mapping';
import { bundleNodeEntry } from '@trajectoire/server/bundle';
import { type StartWorkerOptions, WORKER_NODE_FLAGS } from '@trajectoire/worker';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { adminServer, BENCH_APP_SECRET } from './admin-server';
import { cpuSeconds, postgresCpuSeconds, postmasterPid, procMemory } from './processes';

/**
 * The ROR sync at scale (issue 14): a local ROR of 100,000 units in its own process, the real
 * worker in another (compiled as the server is), runs started by a national administrator through
 * the server's `rorSync.start` and followed through `rorSync.run` as the portal does. Side by side:
 * the full load through `$export` (download, parsing, mapping, staging, merge, closing), and the
 * same rows written by a bare COPY into temp tables and one INSERT … SELECT … ON CONFLICT per table
 * into an equally empty database (the ceiling, measured just before the full load and just after
 * it). Then a delta with 1 % of the units changed, and a
 * second full load with nothing changed (every row unchanged: idempotence).
 */

const here = path.dirname(fileURLToPath(import.meta.url));

// ─── the local ROR, in its own process ──────────────────────────────────────

interface RorProcess {
  fhirUrl: string;
  tokenUrl: string;
  adminUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `tooling/local-ror`'s CLI (as `npm start` runs it), with 100,000 units and an export ready at
 * once; its export files built while polled and reused while nothing changes, as the real ROR
 * prepares them on its own servers (its CPU is printed apart).
 */
async function startRorProcess(units: number): Promise<RorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(here, '../../local-ror/src/main.ts')], {
    env: {
      ...process.env,
      LOCAL_ROR_PORT: '0',
      LOCAL_ROR_UNITS: String(units),
      LOCAL_ROR_EXPORT_DELAY_MS: '0',
      LOCAL_ROR_PREBUILT_EXPORTS: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (/Admin\s+\S+/.test(text)) resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`local ROR exited (${code}): ${text}`)));
  });
  child.removeAllListeners('exit');
  const field = (name: string) => /\S+/.exec(started.slice(started.indexOf(name) + name.length))?.[0] as string;
  return {
    fhirUrl: field('FHIR'),
    tokenUrl: field('Jeton'),
    adminUrl: field('Admin'),
    pid: child.pid as number,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const RorIdentity = {
  profilUtilisateurCode: 'TRAJECTOIRE',
  profilUtilisateurSystem: 'urn:trajectoire:local-ror:profil-utilisateur',
  roleMetierCode: 'ORIENTATION',
  roleMetierSystem: 'urn:trajectoire:local-ror:role-metier',
};

// ─── the worker, in its own process ─────────────────────────────────────────

/**
 * `ror-worker-process.ts` compiled as production compiles the server (plain Node, no loader), and
 * the full load's reading thread beside it. It is
 * imported from `-e` rather than run as the script: apps/worker's main.ts starts its own CLI when
 * the running script is the file it was compiled into.
 */
async function startWorkerProcess(options: StartWorkerOptions) {
  const outfile = path.resolve(here, '../../../.bench/ror-worker-process.js');
  await bundleNodeEntry(path.join(here, 'ror-worker-process.ts'), outfile);
  // The full load's reading thread, compiled beside it: the bundle looks for it there.
  await bundleNodeEntry(
    path.resolve(here, '../../../packages/core/src/directory/sync/ror-read-thread.ts'),
    path.join(path.dirname(outfile), 'ror-read-thread.js'),
  );
  // The worker's own flags (its start script's), unless BENCH_ROR_WORKER_FLAGS says others.
  const flags = [
    '--enable-source-maps',
    ...(process.env.BENCH_ROR_WORKER_FLAGS?.split(' ').filter(Boolean) ?? WORKER_NODE_FLAGS),
  ];
  const child = spawn(
    process.execPath,
    [...flags, '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(outfile).href)})`],
    {
      env: { ...process.env, BENCH_WORKER_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ror-worker-process exited (${code})`)));
    child.once('message', () => resolve());
  });
  child.removeAllListeners('exit');
  return { pid: child.pid as number, stop: () => stopChild(child) };
}

// ─── databases ──────────────────────────────────────────────────────────────

/** A new, migrated database on the bench's server (the directory tables empty). */
async function freshDatabase(db: Database, url: string, name: string): Promise<{ db: Database; url: string }> {
  await sql`create database ${sql.id(name)}`.execute(db);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const fresh = createDatabase(u.toString(), { max: 10 });
  await migrateToLatest(fresh as never, u.toString());
  return { db: fresh, url: u.toString() };
}

// ─── one run, as an administrator starts and follows it ─────────────────────

export interface RunFigures {
  kind: 'FULL' | 'DELTA';
  state: string;
  failure: string | null;
  durationMs: number;
  /** From the start request to SUCCEEDED seen by the client (queueing and polling included). */
  wallMs: number;
  /**
   * From the run seen leaving QUEUED to its end, on the client's monotonic clock (to the 100 ms of
   * polling): `durationMs` is written from the wall clock, which may jump meanwhile.
   */
  measuredMs: number;
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
  errorCount: number;
  /** When each phase was first seen (ms after the start request), as polled every 100 ms. */
  phases: { phase: string; atMs: number }[];
  /** CPU seconds the worker and the local ROR used during the run (Postgres is the rest). */
  cpu: { worker: number; ror: number; postgres: number };
  /**
   * Where the worker's database connections spent the run, from pg_stat_activity sampled every
   * 50 ms: seconds per statement (its first words) and « idle in transaction » (the worker's
   * JavaScript inside a transaction: download, parsing, mapping).
   */
  db: { what: string; seconds: number }[];
  /** Highest VmRSS sampled during the run, MB. */
  workerPeakMb: number;
  serverPeakMb: number;
}

const SAMPLE_MS = 50;

async function syncRun(
  client: TrajectoireClient,
  kind: 'FULL' | 'DELTA',
  pids: { worker: number; server: number; ror: number; postgres: number },
  db: Database,
): Promise<RunFigures> {
  let workerPeakMb = 0;
  let serverPeakMb = 0;
  const dbTime = new Map<string, number>();
  let sampling = false;
  const sample = () => {
    workerPeakMb = Math.max(workerPeakMb, procMemory(pids.worker).rssMb);
    serverPeakMb = Math.max(serverPeakMb, procMemory(pids.server).rssMb);
    if (sampling) return;
    sampling = true;
    void sql<{ state: string; query: string }>`
      select state, query from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
        and query not like '%pg_stat_activity%' and query not like '%ror_sync_runs%graphile%'`
      .execute(db)
      .then(({ rows }) => {
        for (const r of rows) {
          const what =
            r.state === 'active'
              ? r.query.replace(/\s+/g, ' ').trim().split(' ').slice(0, 7).join(' ').slice(0, 60)
              : r.state;
          dbTime.set(what, (dbTime.get(what) ?? 0) + SAMPLE_MS / 1000);
        }
      })
      .catch(() => {})
      .finally(() => {
        sampling = false;
      });
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const cpu0 = {
    worker: cpuSeconds(pids.worker),
    ror: cpuSeconds(pids.ror),
    postgres: postgresCpuSeconds(pids.postgres),
  };
  const bar = new SingleBar({ format: '  ROR {kind} {phase} {bar} {value}/{total}', hideCursor: true });
  const t0 = performance.now();
  try {
    const { runId } = await client.rorSync.start.mutate({ kind });
    bar.start(1, 0, { kind, phase: 'QUEUED' });
    const phases: RunFigures['phases'] = [];
    for (;;) {
      const run = await client.rorSync.run.query({ id: runId });
      const phase = run.state === 'RUNNING' ? (run.phase ?? 'RUNNING') : run.state;
      if (phases.at(-1)?.phase !== phase) phases.push({ phase, atMs: performance.now() - t0 });
      bar.setTotal(Math.max(1, run.progressTotal ?? 1));
      bar.update(run.progressDone, { kind, phase: phase.slice(0, 24) });
      if (run.state === 'SUCCEEDED' || run.state === 'FAILED') {
        sample();
        return {
          kind,
          state: run.state,
          failure: run.failure,
          durationMs: run.durationMs ?? Number.NaN,
          wallMs: performance.now() - t0,
          measuredMs: performance.now() - t0 - (phases.find((p) => p.phase !== 'QUEUED')?.atMs ?? 0),
          created: run.created,
          updated: run.updated,
          unchanged: run.unchanged,
          closed: run.closed,
          errorCount: run.errorCount,
          phases,
          cpu: {
            worker: cpuSeconds(pids.worker) - cpu0.worker,
            ror: cpuSeconds(pids.ror) - cpu0.ror,
            postgres: postgresCpuSeconds(pids.postgres) - cpu0.postgres,
          },
          db: [...dbTime].map(([what, seconds]) => ({ what, seconds })).sort((a, b) => b.seconds - a.seconds),
          workerPeakMb,
          serverPeakMb,
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    clearInterval(sampler);
    bar.stop();
  }
}

// ─── the ceiling: the same rows, COPY + merge ───────────────────────────────

interface CeilingRows {
  establishments: EstablishmentRorRow[];
  units: (UnitRorRow & { establishmentRorId: string })[];
}

/** The rows a full load writes, from the same dataset, mapped by ror-mapping without HTTP nor JSON. */
function ceilingRows(units: number): CeilingRows & { mappingMs: number } {
  const t0 = performance.now();
  const resources = fhirResources(rorDirectory({ units }));
  const orgs = new Map<string, OrganizationRecord>();
  for (const o of resources.organizations()) {
    const mapped = mapOrganization(o);
    if (mapped.ok) orgs.set(mapped.value.rorId, mapped.value);
  }
  const locations = new Map<string, LocationRecord>();
  for (const l of resources.locations()) {
    const mapped = mapLocation(l);
    if (mapped.ok) locations.set(mapped.value.rorId, mapped.value);
  }
  const rows: CeilingRows = { establishments: [], units: [] };
  for (const o of orgs.values()) {
    if (o.level !== 'EG') continue;
    const ej = o.partOf ? orgs.get(o.partOf) : undefined;
    rows.establishments.push(establishmentRow(o, ej?.level === 'EJ' ? ej : null));
  }
  const lookup = (id: string) => orgs.get(id);
  for (const s of resources.healthcareServices()) {
    const mapped = mapHealthcareService(s);
    if (!mapped.ok) continue;
    const placed = resolveEstablishment(mapped.value.providedBy, lookup);
    if (!placed.ok) continue;
    const location = mapped.value.locationIds.map((id) => locations.get(id)).find((l) => l !== undefined) ?? null;
    rows.units.push({ ...unitRow(mapped.value, location), establishmentRorId: placed.value.establishment.rorId });
  }
  return { ...rows, mappingMs: performance.now() - t0 };
}

/** One CSV field: null unquoted and empty, anything else quoted. */
function csv(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}
const pgArray = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/** CSV text in chunks of 1,000 lines (built before the clock starts). */
function chunks<T>(rows: readonly T[], line: (row: T) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 1000)
    out.push(
      rows
        .slice(i, i + 1000)
        .map(line)
        .join(''),
    );
  return out;
}

export interface CeilingFigures {
  establishments: number;
  units: number;
  mappingMs: number;
  totalMs: number;
  steps: { step: string; ms: number }[];
}

async function ceiling(url: string, rows: CeilingRows & { mappingMs: number }): Promise<CeilingFigures> {
  const establishmentCsv = chunks(
    rows.establishments,
    (e) =>
      `${[
        e.rorId,
        e.finess,
        e.name,
        e.legalEntityFiness,
        e.legalEntityName,
        e.category,
        e.categoryCode,
        e.address,
        e.postalCode,
        e.city,
        e.departement,
        e.phone,
        e.email,
        e.rorLastUpdated,
        e.active,
      ]
        .map(csv)
        .join(',')}\n`,
  );
  const unitCsv = chunks(
    rows.units,
    (u) =>
      `${[
        u.rorId,
        u.establishmentRorId,
        u.rorLocationId,
        u.name,
        u.kind,
        u.offerType,
        u.activityField,
        pgArray(u.operationalActivities),
        pgArray(u.careModes),
        pgArray(u.publics),
        u.capacity,
        u.capacityUnit,
        JSON.stringify(u.capacities),
        pgArray(u.rorResources),
        pgArray(u.rorComfortServices),
        u.rorLastUpdated,
        u.active,
      ]
        .map(csv)
        .join(',')}\n`,
  );

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const steps: CeilingFigures['steps'] = [];
  let mark = performance.now();
  const step = async (name: string, work: () => Promise<unknown>) => {
    await work();
    const now = performance.now();
    steps.push({ step: name, ms: now - mark });
    mark = now;
  };
  const t0 = performance.now();
  try {
    await step('temp tables', async () => {
      await client.query('begin');
      await client.query(`
        create temp table ceiling_establishments (ror_id text, finess text, name text, legal_entity_finess text,
          legal_entity_name text, category text, category_code text, address text, postal_code text, city text,
          departement text, phone text, email text, ror_last_updated timestamptz, active boolean) on commit drop;
        create temp table ceiling_units (ror_id text, establishment_ror_id text, ror_location_id text, name text,
          kind text, offer_type text, activity_field text, operational_activities text[], care_modes text[],
          publics text[], capacity integer, capacity_unit text, capacities jsonb, ror_resources text[],
          ror_comfort_services text[], ror_last_updated timestamptz, active boolean) on commit drop;`);
    });
    await step('COPY establishments', () =>
      pipeline(
        Readable.from(establishmentCsv),
        client.query(copyFrom('copy ceiling_establishments from stdin (format csv)')),
      ),
    );
    await step('COPY units', () =>
      pipeline(Readable.from(unitCsv), client.query(copyFrom('copy ceiling_units from stdin (format csv)'))),
    );
    await step('merge establishments', () =>
      client.query(`
        insert into establishments as t (ror_id, finess, name, legal_entity_finess, legal_entity_name, category,
          category_code, address, postal_code, city, departement, phone, email, ror_last_updated, closed_at,
          ror_sync_state, ror_synced_at, created_at, updated_at)
        select ror_id, finess, name, legal_entity_finess, legal_entity_name, category, category_code, address,
          postal_code, city, departement, phone, email, ror_last_updated, case when active then null else now() end,
          'SYNCHRONISED', now(), now(), now()
        from ceiling_establishments
        on conflict (ror_id) do update set finess = excluded.finess, name = excluded.name,
          legal_entity_finess = excluded.legal_entity_finess, legal_entity_name = excluded.legal_entity_name,
          category = excluded.category, category_code = excluded.category_code, address = excluded.address,
          postal_code = excluded.postal_code, city = excluded.city, departement = excluded.departement,
          phone = excluded.phone, email = excluded.email, ror_last_updated = excluded.ror_last_updated,
          closed_at = excluded.closed_at, updated_at = excluded.updated_at
        where (t.finess::text, t.name, t.legal_entity_finess::text, t.legal_entity_name, t.category, t.category_code,
               t.address, t.postal_code, t.city, t.departement, t.phone, t.email, t.ror_last_updated, t.closed_at)
          is distinct from (excluded.finess::text, excluded.name, excluded.legal_entity_finess::text,
               excluded.legal_entity_name, excluded.category, excluded.category_code, excluded.address,
               excluded.postal_code, excluded.city, excluded.departement, excluded.phone, excluded.email,
               excluded.ror_last_updated, excluded.closed_at)`),
    );
    await step('merge units', () =>
      client.query(`
        insert into units as t (ror_id, establishment_id, ror_location_id, name, kind, offer_type, activity_field,
          operational_activities, care_modes, publics, capacity, capacity_unit, capacities, ror_resources,
          ror_comfort_services, ror_last_updated, closed_at, created_at, updated_at)
        select x.ror_id, e.id, x.ror_location_id, x.name, x.kind, x.offer_type, x.activity_field,
          x.operational_activities, x.care_modes, x.publics, x.capacity, x.capacity_unit, x.capacities,
          x.ror_resources, x.ror_comfort_services, x.ror_last_updated, case when x.active then null else now() end,
          now(), now()
        from ceiling_units x join establishments e on e.ror_id = x.establishment_ror_id
        on conflict (ror_id) do update set establishment_id = excluded.establishment_id,
          ror_location_id = excluded.ror_location_id, name = excluded.name, kind = excluded.kind,
          offer_type = excluded.offer_type, activity_field = excluded.activity_field,
          operational_activities = excluded.operational_activities, care_modes = excluded.care_modes,
          publics = excluded.publics, capacity = excluded.capacity, capacity_unit = excluded.capacity_unit,
          capacities = excluded.capacities, ror_resources = excluded.ror_resources,
          ror_comfort_services = excluded.ror_comfort_services, ror_last_updated = excluded.ror_last_updated,
          closed_at = excluded.closed_at, updated_at = excluded.updated_at
        where (t.establishment_id, t.ror_location_id, t.name, t.kind, t.offer_type, t.activity_field,
               t.operational_activities, t.care_modes, t.publics, t.capacity, t.capacity_unit, t.capacities,
               t.ror_resources, t.ror_comfort_services, t.ror_last_updated, t.closed_at)
          is distinct from (excluded.establishment_id, excluded.ror_location_id, excluded.name, excluded.kind,
               excluded.offer_type, excluded.activity_field, excluded.operational_activities, excluded.care_modes,
               excluded.publics, excluded.capacity, excluded.capacity_unit, excluded.capacities,
               excluded.ror_resources, excluded.ror_comfort_services, excluded.ror_last_updated, excluded.closed_at)`),
    );
    await step('commit', () => client.query('commit'));
  } finally {
    await client.end();
  }
  return {
    establishments: rows.establishments.length,
    units: rows.units.length,
    mappingMs: rows.mappingMs,
    totalMs: performance.now() - t0,
    steps,
  };
}

// ─── the phase ──────────────────────────────────────────────────────────────

export interface RorBenchFigures {
  /** The local ROR preparing the export files before the first full load (its own work, untimed). */
  rorPrepare: { ms: number; cpu: number };
  units: number;
  establishments: number;
  rorPeakMb: number;
  full: RunFigures;
  /** The worker's VmHWM just after the first full load (its whole life until then). */
  workerHighWaterMb: number;
  /** The server's VmHWM after the three runs (its whole life). */
  serverHighWaterMb: number;
  /** Before the full load, then after it. */
  ceilings: [CeilingFigures, CeilingFigures];
  delta: RunFigures;
  changed: number;
  again: RunFigures;
  /** Units and establishments in the synced database after the first full load. */
  loaded: { establishments: number; units: number };
}

export async function benchRor(db: Database, url: string, options: { units: number }): Promise<RorBenchFigures> {
  console.log(`  Starting a local ROR of ${options.units} units (own process)…`);
  const ror = await startRorProcess(options.units);
  const stops: (() => Promise<void>)[] = [ror.stop];
  try {
    const state = (await (await fetch(`${ror.adminUrl}/state`)).json()) as { establishments: number; units: number };
    const synced = await freshDatabase(db, url, 'bench_ror_sync');
    stops.unshift(() => synced.db.destroy());
    const { client, server } = await adminServer(synced.db, synced.url, 'bench-ror-admin');
    stops.unshift(server.stop);
    const worker = await startWorkerProcess({
      databaseUrl: synced.url,
      appSecret: BENCH_APP_SECRET,
      smtpUrl: 'smtp://127.0.0.1:1',
      publicUrl: 'http://127.0.0.1:3000',
      ror: {
        fhirUrl: ror.fhirUrl,
        tokenUrl: ror.tokenUrl,
        clientId: 'trajectoire-local',
        clientSecret: 'local-ror-secret',
        identity: RorIdentity,
      },
      // BENCH_ROR_READ_THREADS=<n>: as ROR_READ_THREADS would set them (default: the worker's own).
      ...(process.env.BENCH_ROR_READ_THREADS ? { rorReadThreads: Number(process.env.BENCH_ROR_READ_THREADS) } : {}),
      // BENCH_ROR_MERGE_LANES=<n>: as ROR_MERGE_LANES would set them.
      ...(process.env.BENCH_ROR_MERGE_LANES ? { rorMergeLanes: Number(process.env.BENCH_ROR_MERGE_LANES) } : {}),
    });
    stops.unshift(worker.stop);
    const pids = { worker: worker.pid, server: server.pid, ror: ror.pid, postgres: await postmasterPid(synced.db) };

    // The export the full load will ask for, asked once before: the local ROR builds its files
    // (the real one prepares them on its servers while the client polls); the full load's identical
    // export then finds them ready.
    const rorCpu0 = cpuSeconds(ror.pid);
    const prepared = performance.now();
    const rorClient = createRorClient({
      fhirUrl: ror.fhirUrl,
      tokenUrl: ror.tokenUrl,
      clientId: 'trajectoire-local',
      clientSecret: 'local-ror-secret',
      identity: RorIdentity,
      pollIntervalMs: 200,
    });
    await rorClient.waitForExport(
      await rorClient.kickOffExport({ types: ['Organization', 'Location', 'HealthcareService'] }),
    );
    const rorPrepare = { ms: performance.now() - prepared, cpu: cpuSeconds(ror.pid) - rorCpu0 };
    console.log(
      `  Local ROR: export files prepared before the full load (not in its time): ${(rorPrepare.ms / 1000).toFixed(1)} s, CPU ${rorPrepare.cpu.toFixed(1)} s`,
    );

    // The ceiling is measured just before the full load and just after it, each in a fresh
    // database: the machine's speed drifts by a fifth or more within minutes here, and the ratio
    // takes their mean, so that a drift weighs on both sides alike.
    console.log('  Ceiling: mapping the same dataset in process (not timed), then COPY + merge, before and after…');
    const rows = ceilingRows(options.units);
    const ceilingIn = async (name: string) => {
      const bare = await freshDatabase(db, url, name);
      return ceiling(bare.url, rows).finally(() => bare.db.destroy());
    };
    const ceilingBefore = await ceilingIn('bench_ror_ceiling_before');
    const full = await syncRun(client, 'FULL', pids, synced.db);
    const workerHighWaterMb = procMemory(worker.pid).peakRssMb;
    const ceilingAfter = await ceilingIn('bench_ror_ceiling_after');
    const count = async (table: 'units' | 'establishments') =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ror_id is not null`.execute(
            synced.db,
          )
        ).rows[0]?.n,
      );
    const loaded = { establishments: await count('establishments'), units: await count('units') };

    const changes = (await (
      await fetch(`${ror.adminUrl}/changes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: Math.round(state.units / 100) }),
      })
    ).json()) as { changed: unknown[] };
    // The local ROR stamps each change 1 ms after the one before (2 resources per unit), so the
    // last ones lie up to 2 ms × count in the future: a delta ending before them would miss them.
    await new Promise((r) => setTimeout(r, 2 * changes.changed.length + 500));
    const delta = await syncRun(client, 'DELTA', pids, synced.db);
    const again = await syncRun(client, 'FULL', pids, synced.db);
    const serverHighWaterMb = procMemory(server.pid).peakRssMb;
    const rorState = (await (await fetch(`${ror.adminUrl}/state`)).json()) as { memory: { maxRssBytes: number } };
    return {
      rorPrepare,
      units: state.units,
      establishments: state.establishments,
      rorPeakMb: rorState.memory.maxRssBytes / 1024 / 1024,
      full,
      workerHighWaterMb,
      serverHighWaterMb,
      ceilings: [ceilingBefore, ceilingAfter],
      delta,
      changed: changes.changed.length,
      again,
      loaded,
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}
