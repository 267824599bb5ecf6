import { createHash } from 'node:crypto';
import { type Compilable, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types';

// Dates as plain strings ('2026-11-25'): a date column has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Kysely<DB>;

export interface DatabaseOptions {
  max?: number;
  /**
   * Prepare statements that recur (default true; DB_PREPARED_STATEMENTS=false for the server and
   * worker). Off behind a pooler that cannot keep named statements (PgBouncer < 1.21, transaction mode).
   */
  prepareStatements?: boolean;
  /**
   * Longest a statement may run, in ms, before Postgres cancels it (SQLSTATE 57014); unset or 0:
   * no limit (migrations, seeds, benchmarks' bulk loads).
   */
  statementTimeoutMs?: number;
  /**
   * Longest a transaction may wait between statements, in ms, before Postgres ends its session
   * (SQLSTATE 25P03), releasing its locks and snapshot; unset or 0: no limit.
   */
  idleInTransactionTimeoutMs?: number;
}

/**
 * The bounds of the server's and the worker's pools (DB_STATEMENT_TIMEOUT_MS,
 * DB_IDLE_IN_TRANSACTION_TIMEOUT_MS): a request's statement that runs this long is a fault or an
 * attack, and a transaction left waiting holds locks and row versions from vacuum.
 */
export const APP_POOL_TIMEOUTS = { statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 60_000 } as const;

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Database {
  const prepare = options.prepareStatements ?? true;
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 20,
    // A connection is costly to open (a new Postgres process, SCRAM authentication, cold caches,
    // statements prepared again): under uneven load, a pool closing them after 10 idle seconds
    // (pg's default) keeps closing and reopening them.
    idleTimeoutMillis: 60_000,
    // With statements prepared, plan each once. Left to choose, Postgres re-plans a statement on
    // every call whenever a plan for the given values looks cheaper than the reusable one, and
    // it always does for a large establishment (a review page: 1.4 ms planning, 1.3 ms running).
    // Our statements find rows by key or walk an index in order, so one plan fits all values;
    // LIMIT and OFFSET are written as literals (see rowCount), prefixes as ranges, never LIKE.
    ...(prepare ? { options: '-c plan_cache_mode=force_generic_plan' } : {}),
    // Sent at connection start, like plan_cache_mode: set on every connection before its first query.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.idleInTransactionTimeoutMs
      ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs }
      : {}),
  });
  surviveLostConnections(pool);
  if (prepare) prepareRecurringStatements(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Database, pg.Pool>();

function surviveLostConnections(pool: pg.Pool, label = 'db'): void {
  // An idle connection dropped by the server (restart, shutdown) must not crash the process.
  pool.on('error', (error) => console.error(`[${label}] idle connection lost: ${error.message}`));
  // Nor one ended while in use, between two statements (a transaction over its idle bound): its
  // next statement fails, and the pool discards it when it is released.
  pool.on('connect', (client) => {
    client.on('error', (error) => console.error(`[${label}] connection lost while in use: ${error.message}`));
  });
}

/**
 * The pool graphile-worker runs its queue on. Given its own connection string, graphile-worker
 * makes one, and takes its error handlers off when its runner stops, before the pool has ended:
 * a connection Postgres closes in that moment (it is stopping too) then crashed the process.
 * These handlers stay until the pool ends; its owner ends it after the runner has stopped.
 */
export function createJobQueuePool(connectionString: string, options: { max?: number } = {}): pg.Pool {
  // graphile-worker's own default size.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  surviveLostConnections(pool, 'job queue');
  return pool;
}

/** The pg pool behind a database made by createDatabase (for raw protocol work: cursors, COPY). */
export function poolOf(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this needs a database made by createDatabase');
  return pool;
}

/** A cursor's own bounds, in place of its pool's: it may read for longer than any request. */
export interface CursorLimits {
  /** Longest one fetch may run. */
  statementTimeoutMs?: number;
  /** Longest the transaction may wait for the reader between two fetches. */
  idleInTransactionTimeoutMs?: number;
  /** Longest the whole reading may last; checked at each batch. */
  maxDurationMs?: number;
}

/**
 * A query's rows in batches, through a cursor, reading one batch ahead: Postgres produces the
 * next batch while the caller handles this one. At most two batches are held at a time.
 *
 * The cursor is declared in SQL rather than opened as a protocol portal (pg-cursor): Postgres
 * only knows a declared cursor will be read progressively, and then prefers a plan whose first
 * rows come at once (walking an index in order) to one that must sort every row before the
 * first (an export of 100,000 rows waited 0.7 s for its first batch, its sort spilled to disk).
 */
export async function* readInBatches<R>(
  db: Database,
  query: Compilable<R>,
  batchSize: number,
  limits: CursorLimits = {},
): AsyncGenerator<R[]> {
  const pool = pools.get(db);
  if (!pool) throw new Error('readInBatches needs a database made by createDatabase');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`not a batch size: ${batchSize}`);
  const { sql, parameters } = query.compile();
  const started = Date.now();
  const client = await pool.connect();
  let closed = false;
  try {
    await client.query('begin read only');
    // For this transaction only: the connection goes back to the pool with the pool's bounds.
    if (limits.statementTimeoutMs !== undefined)
      await client.query(`select set_config('statement_timeout', $1, true)`, [`${limits.statementTimeoutMs}ms`]);
    if (limits.idleInTransactionTimeoutMs !== undefined)
      await client.query(`select set_config('idle_in_transaction_session_timeout', $1, true)`, [
        `${limits.idleInTransactionTimeoutMs}ms`,
      ]);
    await client.query(`declare batch_cursor no scroll cursor for ${sql}`, parameters as unknown[]);
    const read = () => {
      const batch = client.query(`fetch ${batchSize} from batch_cursor`).then((result) => result.rows as R[]);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      batch.catch(() => undefined);
      return batch;
    };
    let next = read();
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      if (limits.maxDurationMs !== undefined && Date.now() - started > limits.maxDurationMs)
        throw new Error(`reading stopped: over its maximum duration of ${limits.maxDurationMs} ms`);
      next = rows.length < batchSize ? Promise.resolve([]) : read();
      yield rows;
    }
    await client.query('commit');
    closed = true;
  } finally {
    // A connection left mid-cursor (a failure, a download abandoned) is closed, not reused.
    client.release(!closed);
  }
}

/** Distinct statement texts a pool prepares at most; others run unnamed. */
export const MAX_PREPARED_STATEMENTS = 400;
const MAX_TRACKED_TEXTS = 5_000;

/**
 * Every request runs the same few statements (the caller's credential and rights, a search, a
 * page): named, Postgres parses them once per connection and can reuse their plan, which takes
 * longer than running them. A text is named from its second use, so that one-off SQL (migrations,
 * IN lists of every length) never piles up on the server; the name is a hash of the text.
 */
function prepareRecurringStatements(pool: pg.Pool) {
  const seenOnce = new Set<string>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || names.size >= MAX_PREPARED_STATEMENTS) return known;
    if (!seenOnce.has(text)) {
      if (seenOnce.size < MAX_TRACKED_TEXTS) seenOnce.add(text);
      return undefined;
    }
    seenOnce.delete(text);
    const name = `tp_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    names.set(text, name);
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Kysely calls query(text, values); anything else (cursors, config objects) passes through.
    Object.assign(client, {
      query: (config: unknown, values?: unknown, callback?: unknown) => {
        const name = typeof config === 'string' && Array.isArray(values) ? nameOf(config) : undefined;
        return name ? query({ name, text: config, values }, callback) : query(config, values, callback);
      },
    });
  });
}
