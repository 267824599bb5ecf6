import { SIGN_IN_RULES } from '@trajectoire/domain';
import { type Mailer, signInCodeMail } from '@trajectoire/notifications';
import { recordAudit } from '../audit/queries';
import type { CoreDeps } from '../deps';
import { oneTimeCode } from '../shared/crypto';
import * as q from './queries';

export type CodeDelivery = 'SENT' | 'ALREADY_SENT' | 'OBSOLETE';

/**
 * Delivers the code of one challenge generation. Re-reads the state: a consumed or expired
 * challenge, or a generation replaced by a re-send, is skipped quietly; a generation already
 * delivered is not sent again when the job is retried.
 */
export async function deliverSignInCode(
  deps: CoreDeps,
  mailer: Mailer,
  payload: { challengeId: string; generation: number },
): Promise<CodeDelivery> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const challenge = await q.findChallenge(db, payload.challengeId);
  if (
    !challenge ||
    challenge.consumed_at ||
    challenge.generation !== payload.generation ||
    now >= challenge.expires_at
  ) {
    return 'OBSOLETE';
  }
  if (challenge.sent_generation >= payload.generation) return 'ALREADY_SENT';
  const account = await db
    .selectFrom('accounts')
    .select(['first_name'])
    .where('id', '=', challenge.account_id)
    .executeTakeFirstOrThrow();
  const code = oneTimeCode(config.appSecret, challenge.id, challenge.generation);
  try {
    await mailer.send(
      signInCodeMail({
        to: challenge.destination,
        firstName: account.first_name,
        code,
        validMinutes: SIGN_IN_RULES.codeLifetimeMs / 60_000,
      }),
    );
  } catch (error) {
    await recordAudit(db, {
      action: 'CODE_SEND_FAILED',
      at: now,
      subjectAccountId: challenge.account_id,
      details: { challengeId: challenge.id, channel: challenge.channel, error: String(error).slice(0, 300) },
    });
    throw error;
  }
  if (!(await q.markCodeSent(db, challenge.id, payload.generation))) return 'ALREADY_SENT';
  await recordAudit(db, {
    action: 'CODE_SENT',
    at: now,
    subjectAccountId: challenge.account_id,
    details: { challengeId: challenge.id, channel: challenge.channel, generation: payload.generation },
  });
  return 'SENT';
}
