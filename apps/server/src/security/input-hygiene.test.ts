import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { appRouter } from '@trajectoire/api';
import { UNSAFE_TEXT_MESSAGE } from '@trajectoire/domain';
import { insertAccount, insertEstablishment, TEST_PASSWORD } from '@trajectoire/test-support/fixtures';
import { createTestSystem } from '@trajectoire/test-support/system';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPath, type Sample, type StringField, samplesOf, withValueAt } from './input-samples';

/**
 * The attack suite's input fuzzer: every procedure of the app router, every string of its input
 * (found by walking the zod schema, never listed by hand) poisoned in turn with a NUL or a lone
 * surrogate, sent over a real socket as a national administrator (authorization passes, the
 * input would reach the services) and anonymously. Nothing may answer 5xx; the schema refuses.
 */

const system = await createTestSystem();
const { db } = system;
const admin = await insertAccount(db, { username: 'fuzz.admin', nationalAdmin: true });
const adminBrowser = await system.signedInBrowser(admin, TEST_PASSWORD);
const establishment = await insertEstablishment(db, { name: 'CH Fuzz', departement: '69' });

const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: system.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const callers = {
  'a national administrator': { cookie: [...adminBrowser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  'an anonymous caller': {},
} satisfies Record<string, Record<string, string>>;

const POISONS = {
  NUL: '\u0000',
  'a lone high surrogate': '\uD800',
  'a lone low surrogate': '\uDC00',
} as const;

/** Within the valid text, so that nothing but the poison is wrong with it. */
const poisoned = (valid: string, poison: string) => `${valid.slice(0, 1)}${poison}${valid.slice(1)}`;

interface Procedure {
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  input: unknown;
}

const procedures: Procedure[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: Procedure['type']; inputs: unknown[] } }>,
).map(([name, procedure]) => {
  if (procedure._def.inputs.length > 1) throw new Error(`${name}: several .input() calls, sample each`);
  return { name, type: procedure._def.type, input: procedure._def.inputs[0] };
});

/** Each procedure's string fields, each with a sample input in which that field is a string. */
const fields = procedures.map((procedure) => {
  const found = new Map<string, { sample: Sample; field: StringField }>();
  for (const sample of procedure.input ? samplesOf(procedure.input) : [])
    for (const field of sample.strings)
      if (!found.has(formatPath(field.path))) found.set(formatPath(field.path), { sample, field });
  return { procedure, fields: [...found.values()] };
});
const withStrings = fields.filter((p) => p.fields.length > 0);

interface Answer {
  status: number;
  cacheControl: string | null;
  error?: { message: string; data?: { appCode?: string; fieldErrors?: Record<string, string> } };
}

/** The call as the portal's tRPC client makes it: a query as GET ?input=, a mutation as a POST body. */
async function call(procedure: Procedure, input: unknown, headers: Record<string, string>): Promise<Answer> {
  const json = JSON.stringify(input);
  // JSON.stringify writes NUL and a lone surrogate as escapes (\u0000, \ud800): exactly what an
  // attacker sends, and what JSON.parse on the server turns back into the raw character.
  expect(json.includes('\u0000') || /[\uD800-\uDFFF]/.test(json)).toBe(false);
  expect(json).toMatch(/\\u(0000|d800|dc00)/);
  const url = `${base}/trpc/${procedure.name}`;
  const response =
    procedure.type === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(json)}`, { headers })
      : await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'x-trajectoire-csrf': '1' },
          body: json,
        });
  const body = (await response.json()) as { error?: Answer['error'] };
  return { status: response.status, cacheControl: response.headers.get('cache-control'), ...body };
}

describe('the input generator', () => {
  it('finds every procedure, and strings in the inputs of most', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(36);
    expect(withStrings.length).toBeGreaterThanOrEqual(20);
    expect(withStrings.reduce((n, p) => n + p.fields.length, 0)).toBeGreaterThanOrEqual(45);
    // Strings inside arrays, nested objects and each branch of a union are found too.
    const names = withStrings.flatMap((p) => p.fields.map((f) => `${p.procedure.name}:${formatPath(f.field.path)}`));
    expect(names).toEqual(
      expect.arrayContaining([
        'auth.signIn:username',
        'accounts.updateMe:data.lastName',
        'habilitations.grant:accountIds.0',
        'habilitations.changeEnd:change.endsOn',
        'habilitations.structures:departement',
        'habilitations.review:departement',
      ]),
    );
  });

  it('makes samples that the procedures accept as they are', () => {
    for (const { procedure, fields: found } of withStrings)
      for (const { sample } of found)
        expect(
          (procedure.input as { safeParse(v: unknown): { success: boolean } }).safeParse(sample.value).success,
          procedure.name,
        ).toBe(true);
  });
});

describe.each(Object.entries(callers))('NUL and lone surrogates in every string input, from %s', (who, headers) => {
  it.each(withStrings.map((p) => [p.procedure.name, p] as const))('%s refuses them as invalid input', async (_, p) => {
    const problems: string[] = [];
    let refusedBySchema = 0;
    for (const { sample, field } of p.fields)
      for (const [poisonName, poison] of Object.entries(POISONS)) {
        const key = formatPath(field.path);
        const answer = await call(
          p.procedure,
          withValueAt(sample.value, field.path, poisoned(field.valid, poison)),
          headers,
        );
        const what = `${key} with ${poisonName}: ${answer.status} ${answer.error?.data?.appCode} ${answer.error?.message}`;
        if (answer.status >= 500) problems.push(what);
        if (answer.cacheControl !== 'no-store') problems.push(`${what} (Cache-Control: ${answer.cacheControl})`);
        const appCode = answer.error?.data?.appCode;
        // Anonymous callers of a protected procedure are turned away before their input is read.
        if (who === 'an anonymous caller' && appCode === 'NOT_SIGNED_IN' && answer.status === 401) continue;
        if (answer.status !== 400 || appCode !== 'INVALID_INPUT') {
          problems.push(what);
          continue;
        }
        refusedBySchema += 1;
        const message = answer.error?.data?.fieldErrors?.[key];
        if (!message) problems.push(`${what}: no field error for ${key}`);
        // When the same text with an ordinary letter instead is fine, the refusal must say why.
        else if (field.schema.safeParse(poisoned(field.valid, 'x')).success && message !== UNSAFE_TEXT_MESSAGE)
          problems.push(`${what}: field error « ${message} »`);
      }
    expect(problems).toEqual([]);
    if (who === 'a national administrator') expect(refusedBySchema).toBe(p.fields.length * 3);
  });
});

describe('malformed calls', () => {
  const admin = callers['a national administrator'];
  const raw = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { ...admin, 'x-trajectoire-csrf': '1', 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    // A batch answers with one result per call.
    const body = [JSON.parse(text) as Answer].flat()[0];
    return { status: response.status, appCode: body?.error?.data?.appCode, text };
  };

  it.each([
    ['a body that is not JSON', '/trpc/auth.signIn', { method: 'POST', body: '{"username": "a",' }],
    ['a raw NUL inside a JSON string', '/trpc/auth.signIn', { method: 'POST', body: '{"username":"a\u0000b"}' }],
    [
      'a lone surrogate as raw (WTF-8) bytes',
      '/trpc/auth.signIn',
      { method: 'POST', body: Buffer.from([...Buffer.from('{"username":"a'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]) },
    ],
    ['wrong types', '/trpc/auth.signIn', { method: 'POST', body: '{"username":5,"password":["x"]}' }],
    ['an array for an object', '/trpc/accounts.create', { method: 'POST', body: '[1,2]' }],
    ['null for an object', '/trpc/accounts.search?input=null', {}],
    ['a query string that is not JSON', '/trpc/accounts.search?input=%7B%22query', {}],
    ['a raw NUL in the query string', '/trpc/accounts.search?input=%7B%22query%22%3A%22ab%00c%22%7D', {}],
    [
      'a NUL escape in a batch',
      '/trpc/accounts.search?batch=1&input=%7B%220%22%3A%7B%22query%22%3A%22a%5Cu0000b%22%7D%7D',
      {},
    ],
    ['a mutation called with GET', '/trpc/accounts.create?input=%7B%7D', {}],
    ['a query called with POST', '/trpc/accounts.search', { method: 'POST', body: '{"query":"abc"}' }],
  ] as const)('%s is a typed client error, not a 500', async (_, path, init) => {
    const answer = await raw(path, init as RequestInit);
    expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
    expect(answer.status, answer.text).toBeLessThan(500);
    expect(answer.appCode, answer.text).toBe('INVALID_INPUT');
  });
});

describe('the review download', () => {
  const admin = callers['a national administrator'];
  const valid = {
    domain: 'SANITAIRE',
    departement: '69',
    establishmentId: establishment.id,
    sort: 'NAME',
    direction: 'ASC',
  };
  const download = async (query: string) => {
    const response = await fetch(`${base}/exports/revue-habilitations.xlsx?${query}`, { headers: admin });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };
  const encode = (params: Record<string, string>) =>
    Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');

  it('streams the workbook for valid filters (so that refusals below are the poison’s doing)', async () => {
    const { response, body } = await download(new URLSearchParams(valid).toString());
    expect(response.status).toBe(200);
    expect(body.subarray(0, 2).toString()).toBe('PK');
  });

  // A URL cannot carry a lone surrogate itself: its UTF-8-like bytes (WTF-8) are what an attacker
  // can send; they decode as replacement characters.
  const URL_POISONS = { NUL: '%00', 'a lone high surrogate': '%ED%A0%80', 'a lone low surrogate': '%ED%B0%80' };
  const parameters = [...Object.keys(valid), 'unitId', 'profile'];

  it.each(parameters)('refuses NUL and lone surrogates in %s with a 400, before any byte of the file', async (name) => {
    for (const [poisonName, poison] of Object.entries(URL_POISONS)) {
      const value =
        (valid as Record<string, string>)[name] ?? (name === 'unitId' ? establishment.id : 'REFERENT_STRUCTURE');
      const params = {
        ...valid,
        [name]: `${encodeURIComponent(value.slice(0, 1))}${poison}${encodeURIComponent(value.slice(1))}`,
      };
      const { response, body } = await download(encode(params));
      expect(response.status, `${name} with ${poisonName}: ${body.toString()}`).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(body.subarray(0, 2).toString()).not.toBe('PK');
      if (name === 'departement' && poisonName === 'NUL') expect(body.toString()).toBe(UNSAFE_TEXT_MESSAGE);
    }
  });
});
