import { deliverExpiryNotice, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Mails one holder that a habilitation ends soon, asking them to see their référents. */
export function habilitationSendExpiryNotice(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('habilitation__send_expiry_notice', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverExpiryNotice(deps.core, deps.notifier, parsed);
  };
}
