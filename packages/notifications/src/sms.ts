import { randomUUID } from 'node:crypto';
import type { Mailer } from './mailer';

export interface OutgoingSms {
  /** E.164, e.g. +33612345678. */
  to: string;
  body: string;
}

export interface SmsSender {
  send(sms: OutgoingSms): Promise<{ id: string }>;
}

/**
 * Why an SMS was not handed over. `retryable`: the same SMS may go through later (provider
 * unavailable or throttling); otherwise retrying cannot help (number refused, bad credentials).
 * The message never holds the number or the body (a code, a link with a secret): it ends up in
 * audit logs. The provider's error, which may, is the `cause`.
 */
export class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';

  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** The local inbox address an SMS to this number is delivered to: its digits at sms.trajectoire.local. */
export function smsInboxAddress(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits === '') throw new Error('Numéro de mobile sans chiffres');
  return `${digits}@sms.trajectoire.local`;
}

/**
 * Local default when TWILIO_* are unset: each SMS becomes a mail to the local inbox, marked
 * `X-Trajectoire-Kind: SMS`. Numbers Twilio would refuse for their format are refused here too,
 * so such bugs show up locally.
 */
export function createInboxSmsSender(mailer: Mailer): SmsSender {
  return {
    async send(sms) {
      if (!E164.test(sms.to)) {
        throw new SmsDeliveryError("Numéro de mobile refusé par l'opérateur SMS (format E.164 attendu)", false);
      }
      try {
        await mailer.send({
          to: smsInboxAddress(sms.to),
          subject: `SMS pour ${sms.to}`,
          text: sms.body,
          headers: { 'X-Trajectoire-Kind': 'SMS' },
        });
      } catch (error) {
        throw new SmsDeliveryError('Boîte de réception locale injoignable', true, { cause: error });
      }
      return { id: `inbox-${randomUUID()}` };
    },
  };
}
