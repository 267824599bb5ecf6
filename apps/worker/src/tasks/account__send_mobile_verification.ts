import { deliverMobileVerification, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Texts the link that proves the mobile number belongs to the account's holder. */
export function accountSendMobileVerification(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_mobile_verification', payload);
    if (!parsed) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverMobileVerification(deps.core, deps.notifier, parsed.tokenId);
  };
}
