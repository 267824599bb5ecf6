import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import pg from 'pg';
import * as foundation from './migrations/2026_11_25_0001_foundation';
import * as accounts from './migrations/2026_11_25_0002_accounts';
import * as habilitations from './migrations/2026_11_25_0003_habilitations';
import * as unloggedRateLimits from './migrations/2026_11_26_0004_unlogged_rate_limits';
import * as activeAccountSearch from './migrations/2026_11_26_0005_active_account_search_indexes';
import * as habilitationsByEstablishment from './migrations/2026_11_26_0006_habilitations_by_establishment_and_domain';
import * as credentialNotifications from './migrations/2026_11_26_0007_credential_change_notifications';
import * as holderNamesIndex from './migrations/2026_11_26_0008_holder_names_index';
import * as accountAttachments from './migrations/2026_11_30_0009_account_attachments';
import * as emailChangeConfirmation from './migrations/2026_11_30_0010_email_change_confirmation';
import * as searchByNameWords from './migrations/2026_11_30_0011_search_by_name_words';
import * as directoryRor from './migrations/2026_12_01_0012_directory_ror';
import * as establishmentSearch from './migrations/2026_12_01_0014_establishment_search';
import * as searchNameWalk from './migrations/2026_12_01_0015_search_name_walk';
import * as nameWordPairs from './migrations/2026_12_01_0016_name_word_pairs';
import * as rorStagingUnchecked from './migrations/2026_12_02_0017_ror_staging_unchecked';
import * as rorRunHeartbeat from './migrations/2026_12_02_0018_ror_run_heartbeat';
import * as rorStagingVacuum from './migrations/2026_12_02_0019_ror_staging_vacuum';
import * as rorIdsBytewise from './migrations/2026_12_02_0020_ror_ids_bytewise';
import * as rorStagingTyped from './migrations/2026_12_03_0021_ror_staging_typed';
import * as unitsRedundantIndex from './migrations/2026_12_04_0022_units_redundant_index';

// Listed explicitly so that bundling or renaming can never silently skip one.
const migrations: Record<string, Migration> = {
  '2026_11_25_0001_foundation': foundation,
  '2026_11_25_0002_accounts': accounts,
  '2026_11_25_0003_habilitations': habilitations,
  '2026_11_26_0004_unlogged_rate_limits': unloggedRateLimits,
  '2026_11_26_0005_active_account_search_indexes': activeAccountSearch,
  '2026_11_26_0006_habilitations_by_establishment_and_domain': habilitationsByEstablishment,
  '2026_11_26_0007_credential_change_notifications': credentialNotifications,
  '2026_11_26_0008_holder_names_index': holderNamesIndex,
  '2026_11_30_0009_account_attachments': accountAttachments,
  '2026_11_30_0010_email_change_confirmation': emailChangeConfirmation,
  '2026_11_30_0011_search_by_name_words': searchByNameWords,
  '2026_12_01_0012_directory_ror': directoryRor,
  '2026_12_01_0014_establishment_search': establishmentSearch,
  '2026_12_01_0015_search_name_walk': searchNameWalk,
  '2026_12_01_0016_name_word_pairs': nameWordPairs,
  '2026_12_02_0017_ror_staging_unchecked': rorStagingUnchecked,
  '2026_12_02_0018_ror_run_heartbeat': rorRunHeartbeat,
  '2026_12_02_0019_ror_staging_vacuum': rorStagingVacuum,
  '2026_12_02_0020_ror_ids_bytewise': rorIdsBytewise,
  '2026_12_03_0021_ror_staging_typed': rorStagingTyped,
  '2026_12_04_0022_units_redundant_index': unitsRedundantIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * graphile-worker's `add_jobs` (behind every `add_job`) first clears the key of any started job
 * with the new job's key: `update _private_jobs … from unnest(specs) … where jobs.key = spec.job_key
 * and is_available is not true`. A session plans it once, typically while the queue is nearly
 * empty, and then keeps a hash join that reads the whole queue on every call (the first outer row
 * is sought before the hash is built, and no row passes). Enqueuing a sign-in code then costs
 * more the longer the queue (1.3 ms of Postgres CPU with 6,500 jobs waiting: after an SMTP outage,
 * or with the worker stopped). Without sequential scans its plans look jobs up by key. Set again
 * after each run of its migrations, which may redefine the function.
 */
const ENQUEUE_BY_KEY =
  'alter function graphile_worker.add_jobs(graphile_worker.job_spec[], boolean) set enable_seqscan = off';

/** Brings the schema up to date: the application tables, then graphile-worker's queue. */
export async function migrateToLatest(db: Kysely<unknown>, connectionString: string): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  // Our own pool, ended here: graphile-worker leaves the pool it would create open.
  const pool = new pg.Pool({ connectionString, max: 1 });
  const lost = (error: Error) => console.error(`[db] migration connection lost: ${error.message}`);
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  try {
    await runWorkerMigrations({ pgPool: pool });
    await pool.query(ENQUEUE_BY_KEY);
  } finally {
    await pool.end();
  }
}
