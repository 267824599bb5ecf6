import { once } from 'node:events';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { type CursorLimits, type Database, poolOf } from './connection';
import type { DB } from './types';

/** A `COPY … FROM STDIN` in progress: text in (waiting while Postgres is behind), then `end`. */
export interface CopyWriter {
  /** Sends text (or its UTF-8 bytes); resolves at once, or once Postgres has taken what was sent before (backpressure). */
  write(data: string | Uint8Array): Promise<void>;
  /** Ends the data; resolves when Postgres has stored every row (rejects with its error). */
  end(): Promise<void>;
}

export interface CopyTransaction {
  /** The transaction's connection as Kysely: its statements run inside the transaction. */
  db: Kysely<DB>;
  /** Starts a COPY FROM STDIN on the connection; nothing else may run on it until it ends. */
  copyFrom(statement: string): CopyWriter;
}

/**
 * One transaction on a connection of its own, where both Kysely statements and COPY FROM STDIN
 * run: committed when `work` resolves, rolled back when it throws. `limits` replace the pool's
 * bounds for this transaction only (a COPY fed while its source is read lasts as long as that).
 */
export async function inCopyTransaction<T>(
  db: Database,
  work: (trx: CopyTransaction) => Promise<T>,
  limits: Pick<CursorLimits, 'statementTimeoutMs' | 'idleInTransactionTimeoutMs'> = {},
): Promise<T> {
  const client = await poolOf(db).connect();
  let clean = false;
  /** A COPY not ended: the connection is then closed rather than rolled back (it would wait for it). */
  let copying = false;
  const single = {
    connect: async () => ({ query: client.query.bind(client), release: () => {} }) as unknown as pg.PoolClient,
    end: async () => {},
  };
  const trxDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }) });
  try {
    await client.query('begin');
    if (limits.statementTimeoutMs !== undefined)
      await client.query(`select set_config('statement_timeout', $1, true)`, [`${limits.statementTimeoutMs}ms`]);
    if (limits.idleInTransactionTimeoutMs !== undefined)
      await client.query(`select set_config('idle_in_transaction_session_timeout', $1, true)`, [
        `${limits.idleInTransactionTimeoutMs}ms`,
      ]);
    const result = await work({
      db: trxDb,
      copyFrom: (statement) => {
        const stream = client.query(copyFromStdin(statement));
        copying = true;
        let failure: unknown;
        stream.on('error', (error) => {
          failure = error;
        });
        return {
          async write(data) {
            if (failure) throw failure;
            if (!stream.write(data)) await once(stream, 'drain');
          },
          async end() {
            if (failure) throw failure;
            const finished = once(stream, 'finish');
            stream.end();
            await finished;
            copying = false;
          },
        };
      },
    });
    await client.query('commit');
    clean = true;
    return result;
  } finally {
    // A connection left mid-COPY or mid-transaction is closed, not reused: Postgres rolls back.
    if (!clean && !copying) await client.query('rollback').catch(() => {});
    client.release(!clean);
  }
}
