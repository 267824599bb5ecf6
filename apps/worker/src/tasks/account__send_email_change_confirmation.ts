import { deliverEmailChangeConfirmation, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Mails the new address the link that confirms it, before it replaces the account's e-mail. */
export function accountSendEmailChangeConfirmation(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_email_change_confirmation', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverEmailChangeConfirmation(deps.core, deps.notifier, parsed.tokenId);
  };
}
