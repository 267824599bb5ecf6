import { deliverMobileVerification } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({ tokenId: z.uuid() });

/** Texts the link that proves the mobile number belongs to the account's holder. */
export function accountSendMobileVerification(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverMobileVerification(deps.core, deps.notifier, parsed.data.tokenId);
  };
}
