import { startTwilioSimulator, type TwilioSimulator } from '@trajectoire/twilio-simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer, OutgoingMail } from './mailer';
import { createInboxSmsSender, type SmsDeliveryError, type SmsSender, smsInboxAddress } from './sms';
import { createTwilioSmsSender } from './twilio';

const FROM = '+33700000001';
const TO = '+33612345678';

async function sendError(sender: SmsSender, to: string, body = 'Code : 123456'): Promise<SmsDeliveryError> {
  const error = await sender.send({ to, body }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('SmsDeliveryError');
  return error as SmsDeliveryError;
}

describe('createTwilioSmsSender, the real SDK against the simulator', () => {
  let simulator: TwilioSimulator;
  let sender: SmsSender;

  beforeAll(async () => {
    simulator = await startTwilioSimulator();
    sender = createTwilioSmsSender({
      accountSid: simulator.accountSid,
      authToken: simulator.authToken,
      from: FROM,
      baseUrl: simulator.url,
    });
  });

  afterAll(async () => {
    await simulator.stop();
  });

  beforeEach(() => {
    simulator.clear();
  });

  it('sends the SMS with the account credentials, To, From and Body', async () => {
    // Accents, "&", "+", "=" and a line break: all must survive the SDK's form encoding.
    const body = 'Trajectoire Pro : votre code est 123456.\nÀ ne pas communiquer & c’est +sûr = ok';
    const { id } = await sender.send({ to: TO, body });
    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
    // The simulator only accepts requests whose Basic auth is this account's SID and token.
    const sms = await simulator.waitFor((m) => m.sid === id, 2000);
    expect(sms).toMatchObject({ accountSid: simulator.accountSid, to: TO, from: FROM, body });
    expect(simulator.messages()).toHaveLength(1);
  });

  it('refuses a wrong auth token, without retry', async () => {
    const wrong = createTwilioSmsSender({
      accountSid: simulator.accountSid,
      authToken: 'not-the-token',
      from: FROM,
      baseUrl: simulator.url,
    });
    const error = await sendError(wrong, TO);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('Identifiants Twilio refusés (HTTP 401, code 20003)');
    expect(simulator.messages()).toHaveLength(0);
  });

  it('reports a server error as retryable, and the next attempt goes through', async () => {
    simulator.failNext(1, 500);
    const error = await sendError(sender, TO);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Service SMS momentanément indisponible (HTTP 500, code 20500)');
    expect(simulator.messages()).toHaveLength(0);

    const { id } = await sender.send({ to: TO, body: 'Code : 123456' });
    expect(simulator.messages().map((m) => m.sid)).toEqual([id]);
  });

  it('reports throttling (429) as retryable', async () => {
    simulator.failNext(1, 429);
    const error = await sendError(sender, TO);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 429');
  });

  it('reports a number Twilio refuses as non-retryable, in French, without the number', async () => {
    const error = await sendError(sender, '0612345678');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("Numéro de mobile refusé par l'opérateur SMS (HTTP 400, code 21211)");
    expect(error.message).not.toContain('612345678');
    expect(error.cause).toMatchObject({ status: 400, code: 21211 });
    expect(simulator.messages()).toHaveLength(0);
  });

  it('reports a number refused later by the carrier (failNext 400) as non-retryable', async () => {
    simulator.failNext(1, 400, 21614);
    const error = await sendError(sender, TO);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("Numéro de mobile refusé par l'opérateur SMS (HTTP 400, code 21614)");
  });

  it('reports other refusals as non-retryable and keeps the body out of the message', async () => {
    const body = `https://trajectoire.example.fr/mon-compte/verifier-mobile?jeton=secret ${'x'.repeat(1600)}`;
    const error = await sendError(sender, TO, body);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("SMS refusé par l'opérateur SMS (HTTP 400, code 21617)");
    expect(error.message).not.toContain('jeton');
  });

  it('reports an unreachable service as retryable', async () => {
    const gone = await startTwilioSimulator();
    await gone.stop();
    const unreachable = createTwilioSmsSender({
      accountSid: gone.accountSid,
      authToken: gone.authToken,
      from: FROM,
      baseUrl: gone.url,
    });
    const error = await sendError(unreachable, TO);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Service SMS injoignable (ECONNREFUSED)');
  });

  it('refuses to start without credentials rather than reading TWILIO_* behind our back', () => {
    expect(() => createTwilioSmsSender({ accountSid: '', authToken: 'x', from: FROM })).toThrow(/requis/);
  });
});

describe('createInboxSmsSender', () => {
  function capturingMailer(fail = false): Mailer & { sent: OutgoingMail[] } {
    const sent: OutgoingMail[] = [];
    return {
      sent,
      async send(mail) {
        if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:1025');
        sent.push(mail);
      },
      close() {},
    };
  }

  it('delivers the SMS as a mail marked SMS, to the number’s inbox address', async () => {
    const mailer = capturingMailer();
    const { id } = await createInboxSmsSender(mailer).send({ to: TO, body: 'Code : 654321' });
    expect(id).toMatch(/^inbox-/);
    expect(mailer.sent).toEqual([
      {
        to: '33612345678@sms.trajectoire.local',
        subject: 'SMS pour +33612345678',
        text: 'Code : 654321',
        headers: { 'X-Trajectoire-Kind': 'SMS' },
      },
    ]);
  });

  it('refuses numbers Twilio would refuse, without retry', async () => {
    const mailer = capturingMailer();
    const error = await sendError(createInboxSmsSender(mailer), '06 12 34 56 78');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Numéro de mobile refusé par l'opérateur SMS");
    expect(mailer.sent).toHaveLength(0);
  });

  it('reports an unreachable inbox as retryable', async () => {
    const error = await sendError(createInboxSmsSender(capturingMailer(true)), TO);
    expect(error.retryable).toBe(true);
  });
});

describe('smsInboxAddress', () => {
  it('keeps the digits of the E.164 number', () => {
    expect(smsInboxAddress('+33612345678')).toBe('33612345678@sms.trajectoire.local');
  });
});
