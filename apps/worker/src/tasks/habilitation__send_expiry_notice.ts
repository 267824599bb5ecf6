import { deliverExpiryNotice } from '@trajectoire/core';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { WorkerDeps } from '../deps';

const payloadSchema = z.object({ habilitationId: z.uuid(), endsOn: z.iso.date() });

/** Mails one holder that a habilitation ends soon, asking them to see their référents. */
export function habilitationSendExpiryNotice(deps: WorkerDeps): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return helpers.logger.error(`Invalid payload, dropped: ${JSON.stringify(payload)}`);
    await deliverExpiryNotice(deps.core, deps.notifier, parsed.data);
  };
}
