import { deliverEmailChanged } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({
  auditEventId: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String),
});

/** Tells the former address that the account's e-mail was changed. */
export function accountSendEmailChanged(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverEmailChanged(deps.core, deps.notifier, parsed.data.auditEventId);
  };
}
