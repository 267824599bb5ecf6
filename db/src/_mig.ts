import { startEmbeddedPostgres } from './embedded';
import { createDatabase } from './connection';
import { migrateToLatest } from './migrator';
const s = await startEmbeddedPostgres({ dataDir: '/tmp/pgt/data', port: 5491 });
const db = createDatabase(s.url());
await migrateToLatest(db as never, s.url());
await db.destroy();
console.log(s.url());
