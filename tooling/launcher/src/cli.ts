import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '@trajectoire/core';
import { createDatabase } from '@trajectoire/db';
import { freePort, startEmbeddedPostgres } from '@trajectoire/db/embedded';
import { migrateToLatest } from '@trajectoire/db/migrator';
import { DEMO_PASSWORD, isSeeded, seedDemoData } from '@trajectoire/db/seed';
import { readLauncherEnv } from './env';

const command = process.argv[2];
const env = readLauncherEnv();

/** Database commands against DATABASE_URL: `migrate`, `seed`, and `codegen` (regenerates db/src/types.ts). */
async function main() {
  if (command === 'codegen') return codegen();
  if (!env.DATABASE_URL)
    throw new Error('DATABASE_URL est requis pour cette commande (npm start gère la base embarquée).');
  const db = createDatabase(env.DATABASE_URL, { max: 2 });
  try {
    await migrateToLatest(db as never, env.DATABASE_URL);
    console.log('Schéma à jour.');
    if (command === 'seed') {
      if (await isSeeded(db)) console.log('Données de démonstration déjà présentes.');
      else
        await seedDemoData(db, await hashPassword(DEMO_PASSWORD), (done, total) => console.log(`  ${done}/${total}`));
    }
  } finally {
    await db.destroy();
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
