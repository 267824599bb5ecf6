import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwilioSimulator, type TwilioSimulator } from './index';

let simulator: TwilioSimulator;

beforeAll(async () => {
  simulator = await startTwilioSimulator();
});

afterAll(async () => {
  await simulator.stop();
});

beforeEach(() => {
  simulator.clear();
});

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function post(
  params: Record<string, string>,
  options: { auth?: string; path?: string; method?: string; json?: boolean } = {},
): Promise<Answer> {
  const auth = options.auth ?? `${simulator.accountSid}:${simulator.authToken}`;
  const path = options.path ?? `/2010-04-01/Accounts/${simulator.accountSid}/Messages.json`;
  const res = await fetch(`${simulator.url}${path}`, {
    method: options.method ?? 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
      'Content-Type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    ...(options.method === 'GET' ? {} : { body: options.json ? JSON.stringify(params) : new URLSearchParams(params) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const VALID = { To: '+33612345678', From: '+33700000001', Body: 'Code : 123456' };

function twilioError(status: number, code: number) {
  return { status, code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}` };
}

describe('startTwilioSimulator', () => {
  it('generates Twilio-like credentials and listens on loopback', () => {
    expect(simulator.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(simulator.authToken).toMatch(/^[0-9a-f]{32}$/);
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts a valid message with 201 and a Twilio message resource', async () => {
    const answer = await post(VALID);
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      account_sid: simulator.accountSid,
      api_version: '2010-04-01',
      to: VALID.To,
      from: VALID.From,
      body: VALID.Body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      error_code: null,
    });
    expect(answer.json.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(answer.json.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(simulator.messages()).toEqual([
      expect.objectContaining({ sid: answer.json.sid, accountSid: simulator.accountSid, ...lower(VALID) }),
    ]);
  });

  it('accepts an alphanumeric sender ID', async () => {
    expect((await post({ ...VALID, From: 'Trajectoire' })).status).toBe(201);
  });

  it('counts segments like Twilio: GSM-7 for French accents it covers, UCS-2 otherwise', async () => {
    expect((await post({ ...VALID, Body: 'é'.repeat(160) })).json.num_segments).toBe('1');
    expect((await post({ ...VALID, Body: 'é'.repeat(161) })).json.num_segments).toBe('2');
    expect((await post({ ...VALID, Body: 'ê'.repeat(70) })).json.num_segments).toBe('1');
    expect((await post({ ...VALID, Body: 'ê'.repeat(71) })).json.num_segments).toBe('2');
  });

  it('answers 401 with code 20003 for a wrong token or account', async () => {
    for (const auth of [`${simulator.accountSid}:wrong`, `AC${'0'.repeat(32)}:${simulator.authToken}`, '']) {
      const answer = await post(VALID, { auth });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(twilioError(401, 20003));
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    }
    expect(simulator.messages()).toHaveLength(0);
  });

  it('answers 404 for another path or another account, 405 for another method', async () => {
    expect((await post(VALID, { path: '/2010-04-01/Accounts/ACx/Messages.json' })).json).toEqual(
      twilioError(404, 20404),
    );
    expect((await post(VALID, { path: '/2010-04-01/Messages.json' })).status).toBe(404);
    expect((await post(VALID, { method: 'GET' })).json).toEqual(twilioError(405, 20004));
  });

  it.each([
    ['no To', { ...VALID, To: '' }, 21604],
    ['a To not in E.164', { ...VALID, To: '0612345678' }, 21211],
    ['no From', { ...VALID, From: '' }, 21603],
    ['an invalid From', { ...VALID, From: '06-12' }, 21212],
    ['To equal to From', { ...VALID, From: VALID.To }, 21266],
    ['no Body', { ...VALID, Body: '' }, 21602],
    ['a Body over 1600 characters', { ...VALID, Body: 'x'.repeat(1601) }, 21617],
  ])('answers 400 for %s', async (_name, params, code) => {
    const answer = await post(params);
    expect(answer.json).toEqual(twilioError(400, code));
    expect(simulator.messages()).toHaveLength(0);
  });

  it('accepts a Body of exactly 1600 characters', async () => {
    expect((await post({ ...VALID, Body: 'x'.repeat(1600) })).status).toBe(201);
  });

  it('reads parameters only from a form body, as Twilio does', async () => {
    expect((await post(VALID, { json: true })).json).toEqual(twilioError(400, 21604));
  });

  it('fails the next N requests as told, then recovers', async () => {
    simulator.failNext(2, 500);
    simulator.failNext(1, 429);
    simulator.failNext(1, 400, 21614);
    expect((await post(VALID)).json).toEqual(twilioError(500, 20500));
    expect((await post(VALID)).json).toEqual(twilioError(500, 20500));
    expect((await post(VALID)).json).toEqual(twilioError(429, 20429));
    expect((await post(VALID)).json).toEqual(twilioError(400, 21614));
    expect((await post(VALID)).status).toBe(201);
    expect(simulator.messages()).toHaveLength(1);
  });

  it('waitFor resolves with a past or a future message, and times out otherwise', async () => {
    await post({ ...VALID, Body: 'premier' });
    expect((await simulator.waitFor((m) => m.body === 'premier', 100)).body).toBe('premier');
    const later = simulator.waitFor((m) => m.body === 'second', 2000);
    await post({ ...VALID, Body: 'second' });
    expect((await later).body).toBe('second');
    await expect(simulator.waitFor((m) => m.body === 'jamais', 50)).rejects.toThrow(/no matching SMS within 50 ms/);
  });
});

function lower(params: typeof VALID) {
  return { to: params.To, from: params.From, body: params.Body };
}
