import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** An SMS the simulator accepted, as Twilio would have queued it. */
export interface SimulatedSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  receivedAt: string;
}

export interface TwilioSimulator {
  /** e.g. http://127.0.0.1:PORT — where the SDK's https://api.twilio.com requests must go. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Accepted messages, oldest first (a copy). */
  messages(): SimulatedSms[];
  /** Resolves with the first accepted message, past or future, that matches. */
  waitFor(pred: (m: SimulatedSms) => boolean, timeoutMs?: number): Promise<SimulatedSms>;
  /** The next `count` requests, whatever they are, fail with this status (and Twilio error code). */
  failNext(count: number, status: 500 | 429 | 400, twilioCode?: number): void;
  /** Forgets accepted messages and pending failures. */
  clear(): void;
  stop(): Promise<void>;
}

export interface TwilioSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to a random `AC` + 32 hex SID, as Twilio issues them. */
  accountSid?: string;
  /** Defaults to 32 random hex characters. */
  authToken?: string;
}

const API_VERSION = '2010-04-01';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
/** Twilio's own limit on a message body, in characters. */
const MAX_BODY_CHARS = 1600;
/** Far above any valid Messages request; bounds what one client can make us buffer. */
const MAX_REQUEST_BYTES = 64 * 1024;
const DEFAULT_WAIT_MS = 5000;

const E164 = /^\+[1-9]\d{1,14}$/;
/** Alphanumeric sender IDs (common in France): up to 11 letters, digits or spaces, at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** Messages of the Twilio errors the simulator can produce on its own or be told to produce. */
const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20004: 'Method not allowed',
  20429: 'Too Many Requests',
  20500: 'An internal server error has occurred',
  21211: "The 'To' number is not a valid phone number.",
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21610: 'Attempt to send to unsubscribed recipient',
  21612: "The 'To' phone number is not currently reachable using the 'From' phone number via SMS.",
  21614: "'To' number is not a valid mobile number",
  21617: 'The concatenated message body exceeds the 1600 character limit.',
};

/** Twilio error code used by failNext() when none is given. */
const DEFAULT_CODES: Record<500 | 429 | 400, number> = { 500: 20500, 429: 20429, 400: 21610 };

interface TwilioError {
  status: number;
  code: number | null;
  message: string;
}

class RequestTooLarge extends Error {}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Twilio's dates: RFC 2822 with a numeric zone, e.g. "Tue, 25 Nov 2026 21:04:05 +0000". */
function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

// GSM 03.38: the basic set costs one septet per character, the extension table two.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** How many SMS the body is billed as: GSM-7 if every character allows it, UCS-2 otherwise. */
function segmentCount(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENSION.has(char)) septets += 2;
    else {
      const units = body.length; // UCS-2 counts UTF-16 code units
      return units <= 70 ? 1 : Math.ceil(units / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new RequestTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** The user and password of a `Basic` Authorization header, or null. */
function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Twilio's JSON error shape: `{ code, message, more_info, status }`. */
function sendError(res: ServerResponse, error: TwilioError, headers: Record<string, string> = {}): void {
  sendJson(
    res,
    error.status,
    {
      code: error.code,
      message: error.message,
      more_info: error.code === null ? null : `https://www.twilio.com/docs/errors/${error.code}`,
      status: error.status,
    },
    headers,
  );
}

function invalid(code: number, message = DEFAULT_MESSAGES[code] ?? 'Bad request'): TwilioError {
  return { status: 400, code, message };
}

/** Checks the Messages create parameters as Twilio does, in the order it reports them. */
function validateMessage(params: URLSearchParams): TwilioError | { to: string; from: string; body: string } {
  const to = params.get('To') ?? '';
  const from = params.get('From') ?? '';
  const body = params.get('Body') ?? '';
  if (to === '') return invalid(21604);
  if (!E164.test(to)) return invalid(21211, `The 'To' number ${to} is not a valid phone number.`);
  if (from === '') return invalid(21603);
  if (!E164.test(from) && !ALPHANUMERIC_SENDER.test(from)) {
    return invalid(
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    );
  }
  if (to === from) return invalid(21266, "'To' and 'From' number cannot be the same");
  if (body === '') return invalid(21602);
  if ([...body].length > MAX_BODY_CHARS) return invalid(21617);
  return { to, from, body };
}

function messageResource(sms: SimulatedSms): Record<string, unknown> {
  const date = rfc2822(new Date(sms.receivedAt));
  const uri = `/${API_VERSION}/Accounts/${sms.accountSid}/Messages/${sms.sid}`;
  return {
    account_sid: sms.accountSid,
    api_version: API_VERSION,
    body: sms.body,
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: sms.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(segmentCount(sms.body)),
    price: null,
    price_unit: 'USD',
    sid: sms.sid,
    status: 'queued',
    subresource_uris: { media: `${uri}/Media.json` },
    to: sms.to,
    uri: `${uri}.json`,
  };
}

interface Waiter {
  pred: (m: SimulatedSms) => boolean;
  resolve: (m: SimulatedSms) => void;
  reject: (error: unknown) => void;
}

/**
 * A local stand-in for Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`),
 * checking what Twilio checks — Basic auth, account, form parameters — and answering with
 * Twilio's status codes, error codes and JSON shapes, so the real SDK can be tested end to end.
 */
export async function startTwilioSimulator(options: TwilioSimulatorOptions = {}): Promise<TwilioSimulator> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const accepted: SimulatedSms[] = [];
  const failures: TwilioError[] = [];
  const waiters = new Set<Waiter>();

  function accept(sms: SimulatedSms): void {
    accepted.push(sms);
    for (const waiter of waiters) {
      try {
        if (!waiter.pred(sms)) continue;
        waiters.delete(waiter);
        waiter.resolve(sms);
      } catch (error) {
        waiters.delete(waiter);
        waiter.reject(error);
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Read the whole request first: answering early would leave unread data on a kept-alive connection.
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof RequestTooLarge) {
        sendError(res, { status: 413, code: null, message: 'Request Entity Too Large' }, { Connection: 'close' });
      } else {
        res.destroy();
      }
      return;
    }

    const failure = failures.shift();
    if (failure) {
      sendError(res, failure);
      return;
    }

    const credentials = basicCredentials(req.headers.authorization);
    if (credentials?.user !== accountSid || credentials.password !== authToken) {
      sendError(
        res,
        { status: 401, code: 20003, message: 'Authenticate' },
        { 'WWW-Authenticate': 'Basic realm="Twilio API"' },
      );
      return;
    }

    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = MESSAGES_PATH.exec(path);
    if (!match || match[1] !== accountSid) {
      sendError(res, { status: 404, code: 20404, message: `The requested resource ${path} was not found` });
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, { status: 405, code: 20004, message: 'Method not allowed' }, { Allow: 'POST' });
      return;
    }

    // Like Twilio, parameters are only read from a form body: anything else leaves them missing.
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const params = new URLSearchParams(contentType === 'application/x-www-form-urlencoded' ? raw : '');
    const checked = validateMessage(params);
    if ('status' in checked) {
      sendError(res, checked);
      return;
    }

    const sms: SimulatedSms = { sid: `SM${hex(16)}`, accountSid, ...checked, receivedAt: new Date().toISOString() };
    sendJson(res, 201, messageResource(sms));
    accept(sms);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('twilio-simulator: request failed', error);
      if (!res.headersSent) sendError(res, { status: 500, code: 20500, message: DEFAULT_MESSAGES[20500] ?? '' });
      else res.destroy();
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`Unexpected listening address: ${String(address)}`));
        return;
      }
      resolve(address.port);
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages: () => [...accepted],
    waitFor(pred, timeoutMs = DEFAULT_WAIT_MS) {
      const found = accepted.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<SimulatedSms>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`twilio-simulator: no matching SMS within ${timeoutMs} ms (${accepted.length} received in all)`),
          );
        }, timeoutMs);
        const waiter: Waiter = {
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    failNext(count, status, twilioCode) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`failNext: invalid count ${count}`);
      const code = twilioCode ?? DEFAULT_CODES[status];
      const message = DEFAULT_MESSAGES[code] ?? `Simulated error ${code}`;
      for (let i = 0; i < count; i++) failures.push({ status, code, message });
    },
    clear() {
      accepted.length = 0;
      failures.length = 0;
    },
    stop() {
      for (const waiter of waiters) waiter.reject(new Error('twilio-simulator: stopped'));
      waiters.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive (Node's default agent, the SDK's): close() alone would wait on them.
        server.closeAllConnections();
      });
    },
  };
}
