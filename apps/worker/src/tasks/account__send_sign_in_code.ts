import { deliverSignInCode } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({ challengeId: z.uuid(), generation: z.number().int().positive() });

/** Mails or texts the one-time code of a sign-in challenge. */
export function accountSendSignInCode(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) {
      helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
      return;
    }
    const lastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
    const outcome = await deliverSignInCode(deps.core, deps.notifier, parsed.data, { lastAttempt });
    helpers.logger.debug(`sign-in code ${parsed.data.challengeId}#${parsed.data.generation}: ${outcome}`);
  };
}
