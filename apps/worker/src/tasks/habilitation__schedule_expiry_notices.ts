import { scheduleExpiryNotices } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Daily (see crontab.ts): finds the habilitations ending within 15 days and enqueues one mail each. */
export function habilitationScheduleExpiryNotices(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const { enqueued } = await scheduleExpiryNotices(deps.core);
    helpers.logger.info(`expiry notices enqueued: ${enqueued}`);
  };
}
