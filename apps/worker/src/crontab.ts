import { JOBS, type TaskName } from '@trajectoire/core';

/**
 * Recurring jobs, read in the worker's time zone (set to Europe/Paris at start-up).
 * graphile-worker runs each occurrence once across all workers; a missed occurrence is caught
 * up once (`fill`), the next run does the rest. Priority and queue come from the job map.
 */
const SCHEDULE: { task: TaskName; at: string; why: string }[] = [
  { task: 'habilitation__schedule_expiry_notices', at: '0 6 * * *', why: 'before the working day' },
  { task: 'maintenance__purge_expired', at: '30 3 * * *', why: 'at night, when nobody signs in' },
  // The ROR: a full load every Sunday night (closures are only found that way), a delta every
  // night. Both are on the `ror` queue: a delta waits for a full load still running, and a run
  // started by hand in the meantime makes the occurrence skip (one FULL/DELTA run at a time).
  { task: 'directory__ror_full_load', at: '0 2 * * 0', why: 'Sunday night, the longest run' },
  { task: 'directory__ror_delta', at: '0 3 * * *', why: 'every night, after the full load on Sundays' },
];

function crontabLine({ task, at }: { task: TaskName; at: string }): string {
  const spec = JOBS[task];
  const options = new URLSearchParams({ fill: '1d', max: '1', priority: String(spec.priority) });
  if ('queue' in spec && spec.queue) options.set('queue', spec.queue);
  return `${at} ${task} ?${options.toString()}`;
}

/** graphile-worker's crontab format. */
export const CRONTAB = SCHEDULE.map(crontabLine).join('\n');
