import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@trajectoire/test-support/database';
import { type Compilable, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_POOL_TIMEOUTS, createDatabase, createJobQueuePool, readInBatches } from './connection';

const { url } = await createTestDatabase();
// The app's pools, with bounds short enough for a test.
const db = createDatabase(url, { max: 3, statementTimeoutMs: 300, idleInTransactionTimeoutMs: 400 });
afterAll(() => db.destroy());

const errorOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a failure');
};

const numbers = (n: number): Compilable<{ n: number }> => ({
  compile: () => sql<{ n: number }>`select g as n from generate_series(1, ${sql.lit(n)}) g`.compile(db),
});

const setting = async (name: string, database = db) =>
  (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(database)).rows[0]?.value;

describe('the job queue’s pool', () => {
  it('drops an idle connection Postgres closes (a shutdown, a restart), without taking the process down', async () => {
    const pool = createJobQueuePool(url, { max: 2 });
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      client.release();
      expect(pool.idleCount).toBe(1);
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(db);
      // Unhandled, the pool's 'error' event would end this process, and the test run with it.
      await expect.poll(() => pool.totalCount, { timeout: 5_000 }).toBe(0);
      expect((await pool.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

describe('the pools’ time bounds', () => {
  it('are set on every connection, and none by default', async () => {
    expect(await setting('statement_timeout')).toBe('300ms');
    expect(await setting('idle_in_transaction_session_timeout')).toBe('400ms');
    const unbounded = createDatabase(url, { max: 1 });
    try {
      expect(await setting('statement_timeout', unbounded)).toBe('0');
    } finally {
      await unbounded.destroy();
    }
    expect(APP_POOL_TIMEOUTS).toEqual({ statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 60_000 });
  });

  it('cancel a statement that runs too long', async () => {
    const started = Date.now();
    const error = await errorOf(sql`select pg_sleep(5)`.execute(db));
    expect(error.code).toBe('57014');
    expect(Date.now() - started).toBeLessThan(3_000);
    // The pool goes on serving.
    expect(await setting('statement_timeout')).toBe('300ms');
  });

  it('end a transaction left waiting, releasing its locks, without taking the process down', async () => {
    await sql`create table stalled (id int primary key)`.execute(db);
    await sql`insert into stalled values (1)`.execute(db);
    const other = createDatabase(url, { max: 1 });
    let waited = Number.POSITIVE_INFINITY;
    const error = await errorOf(
      db.transaction().execute(async (trx) => {
        await sql`update stalled set id = 2 where id = 1`.execute(trx);
        // The transaction stalls (a lost await, a slow call elsewhere) holding the row's lock, and
        // another session wants the row: without the bound, each would wait for the other for ever.
        const started = Date.now();
        await sql`update stalled set id = 3 where id = 1`.execute(other);
        waited = Date.now() - started;
        await sql`select 1`.execute(trx);
      }),
    ).finally(() => other.destroy());
    expect(error.message).toMatch(/idle-in-transaction timeout|terminat|not queryable/i);
    expect(waited).toBeLessThan(3_000);
    // The stalled transaction was rolled back: the other session found the row as it was.
    expect((await sql<{ id: number }>`select id from stalled`.execute(db)).rows).toEqual([{ id: 3 }]);
  });

  it('may be lifted by a reading cursor, for its own transaction only', async () => {
    const rows: number[] = [];
    for await (const batch of readInBatches(db, numbers(3), 1, {
      statementTimeoutMs: 10_000,
      idleInTransactionTimeoutMs: 10_000,
    })) {
      // Longer than the pool allows between two statements of a transaction.
      await sleep(600);
      rows.push(...batch.map((r) => r.n));
    }
    expect(rows).toEqual([1, 2, 3]);
    expect(await setting('idle_in_transaction_session_timeout')).toBe('400ms');
  });

  it('end a cursor left waiting when not lifted', async () => {
    const read = async () => {
      for await (const _ of readInBatches(db, numbers(3), 1)) await sleep(600);
    };
    expect(await errorOf(read())).toBeDefined();
    expect(await setting('statement_timeout')).toBe('300ms');
  });

  it('stop a cursor that outlives its maximum duration', async () => {
    const read = async () => {
      for await (const _ of readInBatches(db, numbers(100), 1, { maxDurationMs: 200 })) await sleep(50);
    };
    expect((await errorOf(read())).message).toMatch(/maximum duration/);
  });
});
