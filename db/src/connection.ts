import { createHash } from 'node:crypto';
import { type Compilable, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
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
}

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 20 });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process.
  pool.on('error', (error) => console.error(`[db] idle connection lost: ${error.message}`));
  if (options.prepareStatements ?? true) prepareRecurringStatements(pool);
  // The cursor lets exports stream rows instead of loading them all.
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Database, pg.Pool>();

/**
 * A query's rows in batches, through a cursor, reading one batch ahead: Postgres produces the
 * next batch while the caller handles this one (Kysely's stream asks only once a batch is used
 * up, so the two would take turns). At most two batches are held at a time.
 */
export async function* readInBatches<R>(db: Database, query: Compilable<R>, batchSize: number): AsyncGenerator<R[]> {
  const pool = pools.get(db);
  if (!pool) throw new Error('readInBatches needs a database made by createDatabase');
  const { sql, parameters } = query.compile();
  const client = await pool.connect();
  let closed = false;
  try {
    const cursor = client.query(new Cursor<R>(sql, parameters as unknown[]));
    const read = () => {
      const batch = cursor.read(batchSize);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      batch.catch(() => undefined);
      return batch;
    };
    let next = read();
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      next = rows.length < batchSize ? Promise.resolve([]) : read();
      yield rows;
    }
    await cursor.close();
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
