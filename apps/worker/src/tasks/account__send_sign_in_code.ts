import { deliverSignInCode, parseJobPayload } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../deps';

/** Mails or texts the one-time code of a sign-in challenge. */
export function accountSendSignInCode(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = parseJobPayload('account__send_sign_in_code', payload);
    if (!parsed) {
      helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
      return;
    }
    const lastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
    const outcome = await deliverSignInCode(deps.core, deps.notifier, parsed, { lastAttempt });
    helpers.logger.debug(`sign-in code ${parsed.challengeId}#${parsed.generation}: ${outcome}`);
  };
}
