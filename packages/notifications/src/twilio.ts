import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { SmsDeliveryError, type SmsSender } from './sms';

/** A sign-in code waits on this request: better to fail and retry than hang for the SDK's default 30 s. */
const TWILIO_TIMEOUT_MS = 10_000;

/** Twilio errors about the recipient: the number itself is the problem. */
const RECIPIENT_REFUSED_CODES = new Set([
  21211, // invalid 'To' number
  21408, // sending to this region not enabled
  21612, // 'To' not reachable from the 'From' number
  21614, // 'To' is not a mobile number
]);
const RECIPIENT_UNSUBSCRIBED_CODE = 21610; // the recipient answered STOP

/** Any Twilio API host, with or without edge/region (api.twilio.com, api.dublin.ie1.twilio.com…). */
const TWILIO_ORIGIN = /^https:\/\/[^/?#]+\.twilio\.com(?=[/?#]|$)/;

/**
 * The SDK's own request client (axios, form encoding, Basic auth), only with `https://*.twilio.com`
 * swapped for another origin: the way twilio-node's maintainers advise pointing it at a mock server.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  readonly #origin: string;

  constructor(baseUrl: string, options: RequestClient.RequestClientOptions) {
    super(options);
    this.#origin = new URL(baseUrl).origin;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.#origin) });
  }
}

interface TwilioFailure {
  status: number;
  code?: number;
}

/** The SDK's RestException or TwilioServiceException: an HTTP answer from Twilio. */
function twilioFailure(error: unknown): TwilioFailure | null {
  if (typeof error !== 'object' || error === null || (error as { isAxiosError?: unknown }).isAxiosError === true) {
    return null;
  }
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status !== 'number') return null;
  return typeof code === 'number' ? { status, code } : { status };
}

/** axios failing to get an answer at all: refused connection, reset, DNS, timeout. */
function isNetworkFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

function describe(failure: TwilioFailure): string {
  return failure.code === undefined ? `HTTP ${failure.status}` : `HTTP ${failure.status}, code ${failure.code}`;
}

function toDeliveryError(error: unknown): SmsDeliveryError {
  const failure = twilioFailure(error);
  if (failure) {
    const { status, code } = failure;
    const detail = describe(failure);
    if (status === 429 || status >= 500) {
      return new SmsDeliveryError(`Service SMS momentanément indisponible (${detail})`, true, { cause: error });
    }
    if (status === 401 || status === 403) {
      return new SmsDeliveryError(`Identifiants Twilio refusés (${detail})`, false, { cause: error });
    }
    if (code !== undefined && RECIPIENT_REFUSED_CODES.has(code)) {
      return new SmsDeliveryError(`Numéro de mobile refusé par l'opérateur SMS (${detail})`, false, { cause: error });
    }
    if (code === RECIPIENT_UNSUBSCRIBED_CODE) {
      return new SmsDeliveryError(`Le destinataire a refusé les SMS (STOP) (${detail})`, false, { cause: error });
    }
    return new SmsDeliveryError(`SMS refusé par l'opérateur SMS (${detail})`, false, { cause: error });
  }
  if (isNetworkFailure(error)) {
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' ? ` (${code})` : '';
    return new SmsDeliveryError(`Service SMS injoignable${detail}`, true, { cause: error });
  }
  // Not an answer from Twilio nor a transport failure: the SDK refused the call itself.
  return new SmsDeliveryError('Envoi du SMS impossible : requête rejetée par le client Twilio', false, {
    cause: error,
  });
}

/** Production: the real twilio SDK. `baseUrl` only for tests (points the SDK at a local endpoint). */
export function createTwilioSmsSender(options: {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
}): SmsSender {
  const { accountSid, authToken, from, baseUrl } = options;
  // Empty values would make the SDK fall back to TWILIO_* from the environment: refuse them instead.
  if (!accountSid || !authToken || !from) throw new Error('Twilio : accountSid, authToken et from sont requis');
  const client = twilio(accountSid, authToken, {
    timeout: TWILIO_TIMEOUT_MS,
    // Retries are the job queue's: a 429 must come back as a retryable error, not block this call.
    autoRetry: false,
    ...(baseUrl === undefined
      ? {}
      : { httpClient: new RedirectingRequestClient(baseUrl, { timeout: TWILIO_TIMEOUT_MS }) }),
  });
  return {
    async send(sms) {
      try {
        const message = await client.messages.create({ to: sms.to, from, body: sms.body });
        return { id: message.sid };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
