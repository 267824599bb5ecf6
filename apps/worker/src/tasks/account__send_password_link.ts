import { deliverPasswordLink } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({ tokenId: z.uuid() });

/** Mails a password reset link, or a new account's link to choose its first password. */
export function accountSendPasswordLink(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverPasswordLink(deps.core, deps.notifier, parsed.data.tokenId);
  };
}
