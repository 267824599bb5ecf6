/**
 * Recurring jobs, in graphile-worker's crontab format, read in the worker's time zone (set to
 * Europe/Paris at start-up). graphile-worker runs each occurrence once across all workers.
 */
export const CRONTAB = [
  '0 6 * * * habilitation__schedule_expiry_notices ?fill=1d&max=1',
  // At night, when nobody signs in; a missed night is caught up once, the next run does the rest.
  '30 3 * * * maintenance__purge_expired ?fill=1d&max=1',
].join('\n');
