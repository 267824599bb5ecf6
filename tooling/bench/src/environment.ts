import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '@trajectoire/db';
import { freePort, startEmbeddedPostgres } from '@trajectoire/db/embedded';
import { migrateToLatest } from '@trajectoire/db/migrator';

/** A throw-away Postgres for one benchmark run (or DATABASE_URL's server, in a new database). */
export async function benchDatabase(): Promise<{ db: Database; url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'trajectoire-bench-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  const url = server.url();
  const db = createDatabase(url, { max: 30 });
  await migrateToLatest(db as never, url);
  return {
    db,
    url,
    async stop() {
      await db.destroy();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
