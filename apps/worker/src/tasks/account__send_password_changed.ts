import { deliverPasswordChanged } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({ accountId: z.uuid(), changedAt: z.iso.datetime() });

/** Confirms a password change or reset to the account's address. */
export function accountSendPasswordChanged(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverPasswordChanged(deps.core, deps.notifier, parsed.data.accountId, new Date(parsed.data.changedAt));
  };
}
