import { type RawBuilder, sql } from 'kysely';

/**
 * A LIMIT or OFFSET written into the statement as a literal. As a parameter, it makes the plan
 * Postgres keeps for a prepared statement assume a tenth of the table will be read, so that plan
 * never wins and every call is planned anew. Only a safe, non-negative integer gets through.
 */
export function rowCount(value: number): RawBuilder<number> {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a row count: ${value}`);
  return sql.lit(value);
}
