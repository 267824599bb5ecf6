import { addDays, EXPIRY_NOTICE_DAYS, frenchDay, parisDate, profileLabel } from '@trajectoire/domain';
import { habilitationExpiryMail } from '@trajectoire/notifications';
import { sql } from 'kysely';
import { recordAudit } from '../audit/queries';
import type { CoreDeps } from '../deps';
import { JOBS, type TaskName } from '../jobs/map';
import type { Notifier } from '../notifier';

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
  const notice = JOBS.habilitation__send_expiry_notice;
  const result = await sql<{ n: number }>`
    with due as (
      insert into habilitation_expiry_notices (habilitation_id, ends_on, enqueued_at)
      select h.id, h.ends_on, ${now}
      from habilitations h
      join accounts a on a.id = h.account_id and a.deactivated_at is null
      where h.ends_on between ${today}::date and ${last}::date and h.starts_on <= h.ends_on
      on conflict (habilitation_id, ends_on) do nothing
      returning habilitation_id, ends_on
    ),
    jobs as (
      select graphile_worker.add_jobs(coalesce(array_agg(
        -- The jobs of JOBS.habilitation__send_expiry_notice (same key), in one statement for the whole sweep.
        (${'habilitation__send_expiry_notice' satisfies TaskName}, json_build_object('habilitationId', habilitation_id, 'endsOn', ends_on), null, null, ${notice.maxAttempts ?? null}::int, 'expiry:' || habilitation_id || ':' || ends_on, ${notice.priority}::int, null)::graphile_worker.job_spec
      ), '{}')) as added
      from due
    )
    -- Referencing the jobs CTE makes Postgres run it.
    select (select count(*)::int from due) as n, (select count(*) from jobs) as jobs`.execute(deps.db);
  return { enqueued: result.rows[0]?.n ?? 0 };
}

/** One notice: skipped if the habilitation was deleted, prolonged, or the mail already went. */
export async function deliverExpiryNotice(
  deps: CoreDeps,
  notifier: Notifier,
  payload: { habilitationId: string; endsOn: string },
): Promise<'SENT' | 'ALREADY_SENT' | 'OBSOLETE'> {
  const row = await deps.db
    .selectFrom('habilitation_expiry_notices as n')
    .innerJoin('habilitations as h', 'h.id', 'n.habilitation_id')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .innerJoin('establishments as e', 'e.id', 'h.establishment_id')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .select([
      'n.sent_at',
      'h.ends_on',
      'h.profile',
      'h.account_id',
      'a.email',
      'a.first_name',
      'e.name as establishment_name',
      'u.name as unit_name',
    ])
    .where('n.habilitation_id', '=', payload.habilitationId)
    .where('n.ends_on', '=', payload.endsOn)
    .executeTakeFirst();
  if (!row || row.ends_on !== payload.endsOn) return 'OBSOLETE';
  if (row.sent_at) return 'ALREADY_SENT';
  await notifier.mailer.send(
    habilitationExpiryMail({
      to: row.email,
      firstName: row.first_name,
      profile: profileLabel(row.profile),
      place: row.unit_name ? `${row.unit_name} (${row.establishment_name})` : row.establishment_name,
      endsOn: frenchDay(row.ends_on),
      referentsUrl: `${notifier.publicUrl}/mon-compte#mes-referents`,
    }),
  );
  const now = deps.clock.now();
  await deps.db
    .updateTable('habilitation_expiry_notices')
    .set({ sent_at: now })
    .where('habilitation_id', '=', payload.habilitationId)
    .where('ends_on', '=', payload.endsOn)
    .execute();
  await recordAudit(deps.db, {
    action: 'HABILITATION_EXPIRY_NOTICE_SENT',
    at: now,
    subjectAccountId: row.account_id,
    details: { habilitationId: payload.habilitationId, endsOn: payload.endsOn },
  });
  return 'SENT';
}
