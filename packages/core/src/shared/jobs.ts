import type { DB } from '@trajectoire/db';
import { sql, type Transaction } from 'kysely';

export interface JobOptions {
  /** Deduplicates: a second job with the same key replaces the pending one. */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
  queueName?: string;
}

/** Enqueues a graphile-worker job inside the caller's transaction: it exists only if the business write commits. */
export async function enqueueJob(
  trx: Transaction<DB>,
  task: string,
  payload: Record<string, unknown>,
  options: JobOptions = {},
): Promise<void> {
  await sql`select graphile_worker.add_job(
    identifier => ${task},
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${options.queueName ?? null},
    run_at => ${options.runAt ?? null},
    max_attempts => ${options.maxAttempts ?? null},
    job_key => ${options.jobKey ?? null}
  )`.execute(trx);
}
