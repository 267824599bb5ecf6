import { deliverEmailChanged, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Tells the former address that the account's e-mail was changed. */
export function accountSendEmailChanged(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_email_changed', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverEmailChanged(deps.core, deps.notifier, parsed.auditEventId);
  };
}
