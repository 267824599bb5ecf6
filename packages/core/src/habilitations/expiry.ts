import { addDays, EXPIRY_NOTICE_DAYS, frenchDay, parisDate, profileLabel } from '@trajectoire/domain';
import { habilitationExpiryMail } from '@trajectoire/notifications';
import { recordAudit } from '../audit/queries';
import type { CoreDeps } from '../deps';
import type { Notifier } from '../notifier';
import * as q from './queries';

/**
 * The daily sweep: every habilitation ending within 15 days whose holder was not yet warned for
 * that end date gets a notice row and a mail job, in one statement. A second run, or a run after
 * a crash, finds the rows and enqueues nothing; a prolongation changes the end date, so the new
 * end gets its own notice when it comes near.
 */
export async function scheduleExpiryNotices(deps: CoreDeps): Promise<{ enqueued: number }> {
  const now = deps.clock.now();
  const today = parisDate(now);
  const last = addDays(today, EXPIRY_NOTICE_DAYS);
  return { enqueued: await q.insertExpiryNoticesWithJobs(deps.db, { from: today, to: last }, now) };
}

/** One notice: skipped if the habilitation was deleted, prolonged, or the mail already went. */
export async function deliverExpiryNotice(
  deps: CoreDeps,
  notifier: Notifier,
  payload: { habilitationId: string; endsOn: string },
): Promise<'SENT' | 'ALREADY_SENT' | 'OBSOLETE'> {
  const row = await q.findExpiryNotice(deps.db, payload.habilitationId, payload.endsOn);
  if (!row || row.ends_on !== payload.endsOn) return 'OBSOLETE';
  if (row.sent_at) return 'ALREADY_SENT';
  await notifier.mailer.send(
    habilitationExpiryMail({
      to: row.email,
      firstName: row.first_name,
      profile: profileLabel(row.profile),
      place: row.unit_name ? `${row.unit_name} (${row.establishment_name})` : row.establishment_name,
      endsOn: frenchDay(row.ends_on),
      referentsUrl: `${notifier.publicUrl}/mes-referents`,
    }),
  );
  const now = deps.clock.now();
  await q.markExpiryNoticeSent(deps.db, payload.habilitationId, payload.endsOn, now);
  await recordAudit(deps.db, {
    action: 'HABILITATION_EXPIRY_NOTICE_SENT',
    at: now,
    subjectAccountId: row.account_id,
    details: { habilitationId: payload.habilitationId, endsOn: payload.endsOn },
  });
  return 'SENT';
}
