import { deliverPasswordLink, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Mails a password reset link, or a new account's link to choose its first password. */
export function accountSendPasswordLink(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_password_link', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverPasswordLink(deps.core, deps.notifier, parsed.tokenId);
  };
}
