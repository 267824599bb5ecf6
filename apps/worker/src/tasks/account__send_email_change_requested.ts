import { deliverEmailChangeRequested, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Tells the current address that someone asked to replace it, with a link to cancel the request. */
export function accountSendEmailChangeRequested(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_email_change_requested', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverEmailChangeRequested(deps.core, deps.notifier, parsed.auditEventId, parsed.cancelTokenId);
  };
}
