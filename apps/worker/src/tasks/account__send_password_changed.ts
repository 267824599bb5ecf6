import { deliverPasswordChanged, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Confirms a password change or reset to the account's address. */
export function accountSendPasswordChanged(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_password_changed', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverPasswordChanged(deps.core, deps.notifier, parsed.accountId, new Date(parsed.changedAt));
  };
}
