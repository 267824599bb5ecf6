import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '@trajectoire/core';
import { createDatabase } from '@trajectoire/db';
import {
  type EmbeddedServer,
  freePort,
  runningEmbeddedPostgresUrl,
  startEmbeddedPostgres,
} from '@trajectoire/db/embedded';
import { migrateToLatest } from '@trajectoire/db/migrator';
import { DEFAULT_DEMO_ESTABLISHMENTS, DEMO_PASSWORD, isSeeded, seedDemoData } from '@trajectoire/demo-data';
import pg from 'pg';
import { ensureDatabase } from './database';
import { readLauncherEnv } from './env';
import { seedProgressBar } from './progress';

const command = process.argv[2];
const env = readLauncherEnv();

/**
 * Database commands against DATABASE_URL: `migrate`, `seed`, `codegen` (regenerates
 * db/src/types.ts), and `fill --establishments N` (also against npm start's embedded Postgres).
 */
async function main() {
  if (command === 'codegen') return codegen();
  if (command === 'fill') return fill();
  if (!env.DATABASE_URL)
    throw new Error('DATABASE_URL est requis pour cette commande (npm start gère la base embarquée).');
  const db = createDatabase(env.DATABASE_URL, { max: 2 });
  try {
    await migrateToLatest(db as never, env.DATABASE_URL);
    console.log('Schéma à jour.');
    if (command === 'seed') {
      if (await isSeeded(db)) console.log('Données de démonstration déjà présentes.');
      else await seedDemoData(db, await hashPassword(DEMO_PASSWORD), { progress: seedProgressBar() });
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Fills the database with the demo dataset up to N establishments: only the missing ones are
 * added (by FINESS), with the demo accounts if absent. Without DATABASE_URL, the embedded
 * Postgres of npm start: the running one if there is one, else started for the time of the fill.
 */
async function fill() {
  const { values } = parseArgs({ args: process.argv.slice(3), options: { establishments: { type: 'string' } } });
  const establishments = Number(values.establishments ?? DEFAULT_DEMO_ESTABLISHMENTS);
  if (!Number.isSafeInteger(establishments) || establishments < DEFAULT_DEMO_ESTABLISHMENTS)
    throw new Error(`--establishments attend un nombre entier ≥ ${DEFAULT_DEMO_ESTABLISHMENTS}.`);
  let server: EmbeddedServer | undefined;
  let url = env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(env.DATA_DIR, 'postgres');
    const running = await runningEmbeddedPostgresUrl(dataDir, 'trajectoire');
    if (running && (await answers(running))) url = running;
    else {
      server = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT });
      await ensureDatabase(server.url(), 'trajectoire');
      url = server.url('trajectoire');
    }
  }
  const db = createDatabase(url, { max: 2, prepareStatements: false });
  try {
    await migrateToLatest(db as never, url);
    const started = performance.now();
    const added = await seedDemoData(db, await hashPassword(DEMO_PASSWORD), {
      establishments,
      progress: seedProgressBar(),
    });
    const counts = await db
      .selectNoFrom((eb) => [
        eb.selectFrom('establishments').select(eb.fn.countAll<string>().as('n')).as('establishments'),
        eb.selectFrom('units').select(eb.fn.countAll<string>().as('n')).as('units'),
      ])
      .executeTakeFirstOrThrow();
    console.log(
      `${added.establishments} établissement(s) et ${added.accounts} compte(s) ajoutés en ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s ; la base compte ${counts.establishments} ` +
        `établissements et ${counts.units} unités.`,
    );
  } finally {
    await db.destroy();
    await server?.stop();
  }
}

/** A pid file can outlive a server that crashed: only one that answers is reused. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client(url);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Types are generated from a freshly migrated throw-away database, never written by hand. */
async function codegen() {
  const dir = await mkdtemp(path.join(tmpdir(), 'trajectoire-codegen-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  try {
    const db = createDatabase(server.url(), { max: 1 });
    await migrateToLatest(db as never, server.url());
    await db.destroy();
    execFileSync(
      'npx',
      [
        'kysely-codegen',
        '--dialect',
        'postgres',
        '--url',
        server.url(),
        '--out-file',
        'db/src/types.ts',
        '--include-pattern',
        'public.*',
        '--exclude-pattern',
        'public.kysely_*',
        '--date-parser',
        'string',
      ],
      { stdio: 'inherit' },
    );
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
