import { deliverEmailChangeRequested } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({
  auditEventId: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String),
  cancelTokenId: z.uuid(),
});

/** Tells the current address that someone asked to replace it, with a link to cancel the request. */
export function accountSendEmailChangeRequested(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverEmailChangeRequested(deps.core, deps.notifier, parsed.data.auditEventId, parsed.data.cancelTokenId);
  };
}
