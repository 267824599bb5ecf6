import { deliverEmailChangeConfirmation } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({ tokenId: z.uuid() });

/** Mails the new address the link that confirms it, before it replaces the account's e-mail. */
export function accountSendEmailChangeConfirmation(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverEmailChangeConfirmation(deps.core, deps.notifier, parsed.data.tokenId);
  };
}
