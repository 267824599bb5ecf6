import type { DB } from '@trajectoire/db';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';

/**
 * Every job the worker runs: its name, its payload's schema and how it is queued. Whoever
 * enqueues goes through `enqueue` (the payload is typed by the task's schema), the worker's task
 * list must have exactly these keys (a compile-time check in apps/worker), and each task parses
 * its payload with the same schema.
 *
 * Priority: graphile-worker runs numerically smaller priorities first. What a person is waiting
 * for (a sign-in code) comes before what can wait minutes (a notice), which comes before batch
 * work (sweeps, and later statistics builds and sync runs). A queue name makes the jobs that
 * share it run one at a time, across every worker.
 */
export const PRIORITY = { interactive: -10, notice: 0, batch: 10 } as const;

export interface JobSpec<Schema extends z.ZodType> {
  payload: Schema;
  priority: number;
  maxAttempts?: number;
  queue?: string;
  /** Deduplicates: a second job with the same key replaces the pending one. */
  jobKey?: (payload: z.output<Schema>) => string;
}

const job = <Schema extends z.ZodType>(spec: JobSpec<Schema>) => spec;

/** Audit event ids are bigints: JSON carries them as strings (or numbers from older jobs). */
const auditEventId = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String);
const none = z.object({}).loose();
/** A ROR sync run's job: its run, or none from the crontab (which also adds `_cron`). */
const rorRunPayload = z.object({ runId: z.uuid().optional() }).loose();

export const JOBS = {
  account__send_sign_in_code: job({
    payload: z.object({ challengeId: z.uuid(), generation: z.number().int().positive() }),
    priority: PRIORITY.interactive,
    // A code lives 10 minutes: retrying beyond that is pointless.
    maxAttempts: 4,
    jobKey: (p) => `sign-in-code:${p.challengeId}:${p.generation}`,
  }),
  account__send_password_link: job({
    payload: z.object({ tokenId: z.uuid() }),
    priority: PRIORITY.interactive,
    jobKey: (p) => `password-link:${p.tokenId}`,
  }),
  account__send_password_changed: job({
    payload: z.object({ accountId: z.uuid(), changedAt: z.iso.datetime() }),
    priority: PRIORITY.notice,
    jobKey: (p) => `password-changed:${p.accountId}:${Date.parse(p.changedAt)}`,
  }),
  account__send_email_changed: job({
    payload: z.object({ auditEventId }),
    priority: PRIORITY.notice,
    jobKey: (p) => `email-changed:${p.auditEventId}`,
  }),
  account__send_email_change_confirmation: job({
    payload: z.object({ tokenId: z.uuid() }),
    priority: PRIORITY.interactive,
    jobKey: (p) => `email-change-confirmation:${p.tokenId}`,
  }),
  account__send_email_change_requested: job({
    payload: z.object({ auditEventId, cancelTokenId: z.uuid() }),
    priority: PRIORITY.notice,
    jobKey: (p) => `email-change-requested:${p.auditEventId}`,
  }),
  account__send_mobile_verification: job({
    payload: z.object({ tokenId: z.uuid() }),
    priority: PRIORITY.interactive,
    maxAttempts: 5,
    jobKey: (p) => `mobile-verification:${p.tokenId}`,
  }),
  habilitation__schedule_expiry_notices: job({ payload: none, priority: PRIORITY.batch, queue: 'sweeps' }),
  habilitation__send_expiry_notice: job({
    payload: z.object({ habilitationId: z.uuid(), endsOn: z.iso.date() }),
    priority: PRIORITY.notice,
    maxAttempts: 5,
    jobKey: (p) => `expiry:${p.habilitationId}:${p.endsOn}`,
  }),
  maintenance__purge_expired: job({ payload: none, priority: PRIORITY.batch, queue: 'sweeps' }),
  // ROR sync runs (packages/core/src/directory/sync): one queue, so runs never overlap. A job
  // carries the run it works for; a cron occurrence carries none and creates its run first. A
  // failed attempt leaves the run FAILED with its checkpoint: the retry resumes the same run.
  directory__ror_full_load: job({
    payload: rorRunPayload,
    priority: PRIORITY.batch,
    queue: 'ror',
    maxAttempts: 3,
    jobKey: (p) => `ror-run:${p.runId ?? 'cron-full'}`,
  }),
  directory__ror_delta: job({
    payload: rorRunPayload,
    priority: PRIORITY.batch,
    queue: 'ror',
    maxAttempts: 3,
    jobKey: (p) => `ror-run:${p.runId ?? 'cron-delta'}`,
  }),
  directory__ror_establishment: job({
    payload: z.object({ runId: z.uuid() }).loose(),
    priority: PRIORITY.batch,
    queue: 'ror',
    maxAttempts: 3,
    jobKey: (p) => `ror-run:${p.runId}`,
  }),
};

export type TaskName = keyof typeof JOBS;
export type JobPayload<Task extends TaskName> = z.input<(typeof JOBS)[Task]['payload']>;
export type ParsedJobPayload<Task extends TaskName> = z.output<(typeof JOBS)[Task]['payload']>;

export const TASK_NAMES = Object.keys(JOBS) as TaskName[];

/**
 * Enqueues a job inside the caller's transaction: it exists only if the business write commits.
 * The payload is checked against the task's schema here too: a job that its task would drop is
 * refused before it is written.
 */
export async function enqueue<Task extends TaskName>(
  trx: Transaction<DB>,
  task: Task,
  payload: JobPayload<Task>,
  options: { runAt?: Date } = {},
): Promise<void> {
  const spec = JOBS[task] as JobSpec<z.ZodType>;
  const parsed = spec.payload.parse(payload);
  await sql`select graphile_worker.add_job(
    identifier => ${task},
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${spec.queue ?? null},
    run_at => ${options.runAt ?? null},
    max_attempts => ${spec.maxAttempts ?? null},
    job_key => ${spec.jobKey?.(parsed) ?? null},
    priority => ${spec.priority}
  )`.execute(trx);
}

/** A task's payload, parsed with its schema; undefined (and the job dropped) when it does not fit. */
export function parseJobPayload<Task extends TaskName>(
  task: Task,
  payload: unknown,
): ParsedJobPayload<Task> | undefined {
  const parsed = JOBS[task].payload.safeParse(payload);
  return parsed.success ? (parsed.data as ParsedJobPayload<Task>) : undefined;
}
