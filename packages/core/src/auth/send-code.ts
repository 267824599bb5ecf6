import { SIGN_IN_RULES } from '@trajectoire/domain';
import { signInCodeMail, signInCodeSms } from '@trajectoire/notifications';
import { recordAudit } from '../audit/queries';
import type { CoreDeps } from '../deps';
import type { Notifier } from '../notifier';
import { oneTimeCode } from '../shared/crypto';
import * as q from './queries';

export type CodeDelivery = 'SENT' | 'ALREADY_SENT' | 'OBSOLETE' | 'FAILED';

/**
 * Delivers the code of one challenge generation, by mail or SMS. Re-reads the state: a consumed
 * or expired challenge, or a generation replaced by a re-send, is skipped quietly; a generation
 * already delivered is not sent again when the job is retried. When the provider fails for good
 * (last try, or a refusal no retry can fix) the challenge is marked so the portal offers e-mail.
 */
export async function deliverSignInCode(
  deps: CoreDeps,
  notifier: Pick<Notifier, 'mailer' | 'sms'>,
  payload: { challengeId: string; generation: number },
  options: { lastAttempt?: boolean } = {},
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
  const firstName = await q.findFirstName(db, challenge.account_id);
  const code = oneTimeCode(config.appSecret, challenge.id, challenge.generation);
  const validMinutes = SIGN_IN_RULES.codeLifetimeMs / 60_000;
  try {
    if (challenge.channel === 'SMS') {
      await notifier.sms.send({ to: challenge.destination, body: signInCodeSms(code, validMinutes) });
    } else {
      await notifier.mailer.send(signInCodeMail({ to: challenge.destination, firstName, code, validMinutes }));
    }
  } catch (error) {
    const retryable = (error as { retryable?: boolean }).retryable !== false;
    const final = options.lastAttempt || !retryable;
    await recordAudit(db, {
      action: 'CODE_SEND_FAILED',
      at: now,
      subjectAccountId: challenge.account_id,
      details: { challengeId: challenge.id, channel: challenge.channel, final, error: String(error).slice(0, 300) },
    });
    if (final) {
      await q.markCodeDeliveryFailed(db, challenge.id, now);
      if (!retryable) return 'FAILED';
    }
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
