import { MessageChannel } from 'node:worker_threads';
import { startLocalRor } from '@trajectoire/local-ror';
import { afterAll, describe, expect, it } from 'vitest';
import { createRorClient, type RorClientOptions } from './client';
import { RorHttpError, RorMalformed, RorTimeoutError, RorTokenRefused } from './errors';

// An export is ready 900 ms after its kick-off: the first poll, at once, must see it running
// (with 40 ms, a loaded CI machine polled late and found it done). It costs no time: the local
// ROR answers Retry-After: 1, so the second poll comes after it anyway.
const ror = await startLocalRor({ establishments: 12, exportDelayMs: 900, exportPartSize: 20, tokenTtlSeconds: 3 });
afterAll(() => ror.close());

const identity = {
  profilUtilisateurCode: ror.headers['Ror-Profil-Utilisateur-Code'],
  profilUtilisateurSystem: ror.headers['Ror-Profil-Utilisateur-System'],
  roleMetierCode: ror.headers['Ror-Role-Metier-Code'],
  roleMetierSystem: ror.headers['Ror-Role-Metier-System'],
};
const settings = (more: Partial<RorClientOptions> = {}) => ({
  fhirUrl: ror.url,
  tokenUrl: ror.tokenUrl,
  clientId: ror.clientId,
  clientSecret: ror.clientSecret,
  identity,
  retries: 1,
  retryDelayMs: 5,
  pollIntervalMs: 10,
  timeoutMs: 2000,
  ...more,
});
const local = createRorClient(settings());

describe('against the local ROR', () => {
  it('keeps its token until shortly before it expires, then takes a new one', async () => {
    const client = createRorClient(settings({ tokenMarginMs: 1000 }));
    const before = ror.admin.state().tokensIssued;
    await client.page('Organization?_id=eg-chu-lyon');
    await client.page('Organization?_id=eg-chu-lyon');
    expect(ror.admin.state().tokensIssued - before).toBe(1);
    // 3 s tokens renewed 1 s ahead: 2 s later, a new one.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await client.page('Organization?_id=eg-chu-lyon');
    expect(ror.admin.state().tokensIssued - before).toBe(2);
  });

  it('pages a search by its next links, 200 a page unless told', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of local.searchPages('HealthcareService?_count=7')) {
      pages++;
      ids.push(...(page.bundle.entry ?? []).map((e) => e.resource?.id as string));
      expect(page.total).toBe(ror.admin.state().units);
    }
    expect(ids).toHaveLength(ror.admin.state().units);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 7));
    const first = await local.searchPages('HealthcareService').next();
    expect(first.value?.url).toContain('_count=200');
  });

  it('cuts a _lastUpdated window in halves until each holds at most the cap', async () => {
    const until = new Date();
    const total = await local.count(`HealthcareService?_lastUpdated=lt${until.toISOString()}`);
    const windows = await local.deltaWindows('2000-01-01T00:00:00Z', until, { cap: 8 });
    expect(windows.length).toBeGreaterThan(1);
    for (const w of windows) expect(w.total ?? 0).toBeLessThanOrEqual(8);
    expect(windows.reduce((n, w) => n + (w.total ?? 0), 0)).toBe(total);
    // Contiguous, end to end.
    expect(windows[0]?.since).toBe('2000-01-01T00:00:00.000Z');
    expect(windows.at(-1)?.until).toBe(until.toISOString());
    for (let i = 1; i < windows.length; i++) expect(windows[i]?.since).toBe(windows[i - 1]?.until);
  });

  it('exports in bulk: polls while 202, reads the manifest, streams each NDJSON file line by line', async () => {
    const progress: (string | null)[] = [];
    const { manifest, files } = await local.exportAll({
      types: ['Organization', 'Location', 'HealthcareService'],
      onProgress: (p) => progress.push(p.progress),
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(manifest.output.length).toBeGreaterThan(3);
    const counts: Record<string, number> = {};
    for await (const file of files) {
      for await (const line of file.lines) {
        const resource = JSON.parse(line) as { resourceType: string };
        expect(resource.resourceType).toBe(file.type);
        counts[file.type] = (counts[file.type] ?? 0) + 1;
      }
    }
    const state = ror.admin.state();
    expect(counts).toEqual({
      Organization: state.resources.organizations,
      Location: state.resources.locations,
      HealthcareService: state.resources.healthcareServices,
    });
  });

  it('streams an export file in chunks of whole lines, each with memory of its own to hand over', async () => {
    const { manifest } = await local.exportAll({ types: ['Location'] });
    const file = manifest.output[0] as { url: string };
    const whole = Buffer.from(await (await local.fhir(file.url, { accept: 'application/fhir+ndjson' })).arrayBuffer());
    // Each chunk is handed over as a reading thread gets it (its memory moved, not copied) before
    // the next is read: what follows its last line must not have stayed in that memory.
    const { port1, port2 } = new MessageChannel();
    const received: Uint8Array[] = [];
    port2.on('message', (chunk: Uint8Array) => received.push(chunk));
    for await (const chunk of local.ndjsonChunks(file.url, 1000)) {
      expect(chunk.byteOffset).toBe(0);

      port1.postMessage(chunk, [chunk.buffer as ArrayBuffer]);
      expect(chunk.length).toBe(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    port1.close();
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(Buffer.concat(received).equals(whole)).toBe(true);
  });

  it('times out a request the ROR never answers', async () => {
    const client = createRorClient(settings({ timeoutMs: 300, retries: 0 }));
    await client.accessToken();
    ror.admin.faults({ hangAfterRequests: 0 });
    try {
      await expect(client.page('Organization?_id=eg-chu-lyon')).rejects.toBeInstanceOf(RorTimeoutError);
    } finally {
      ror.admin.faults({});
    }
  });

  it('says a refused token, and a 5xx after its retries, as typed errors', async () => {
    ror.admin.faults({ refuseTokens: true });
    try {
      const refused = await createRorClient(settings())
        .accessToken()
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RorTokenRefused);
      expect((refused as Error).message).toMatch(/ROR_CLIENT_ID/);
    } finally {
      ror.admin.faults({});
    }
    ror.admin.faults({ failAfterRequests: 0, status: 503 });
    try {
      const failed = await local.page('Organization?_id=eg-chu-lyon').catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(RorHttpError);
      expect((failed as RorHttpError).status).toBe(503);
    } finally {
      ror.admin.faults({});
    }
  });
});

describe('against a scripted server', () => {
  type Answer = { status: number; body?: string; headers?: Record<string, string> };
  /** A fetch that answers from a script and records what it was asked. */
  function scripted(answers: Answer[]) {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      calls.push({ url, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
      if (url.endsWith('/token')) {
        return new Response(JSON.stringify({ access_token: `t${calls.length}`, expires_in: 300 }), { status: 200 });
      }
      const answer = answers.shift() ?? { status: 500 };
      return new Response(answer.body ?? '', { status: answer.status, headers: answer.headers ?? {} });
    }) as typeof fetch;
    const slept: number[] = [];
    const client = createRorClient({
      fhirUrl: 'https://ror.example/api/fhir/',
      tokenUrl: 'https://auth.example/token',
      clientId: 'c',
      clientSecret: 's',
      identity: {
        profilUtilisateurCode: 'P',
        profilUtilisateurSystem: 'PS',
        roleMetierCode: 'R',
        roleMetierSystem: 'RS',
      },
      retries: 2,
      fetch: fetchFn,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    return { client, calls, slept };
  }
  const bundle = JSON.stringify({ resourceType: 'Bundle', total: 0, entry: [] });

  it('sends the token and the four identity headers on every FHIR call, under the base path', async () => {
    const { client, calls } = scripted([{ status: 200, body: bundle }]);
    await client.page('HealthcareService?_count=1');
    const fhirCall = calls.find((c) => c.url.startsWith('https://ror.example'));
    expect(fhirCall?.url).toBe('https://ror.example/api/fhir/HealthcareService?_count=1');
    expect(fhirCall?.headers).toMatchObject({
      authorization: 'Bearer t1',
      'ror-profil-utilisateur-code': 'P',
      'ror-profil-utilisateur-system': 'PS',
      'ror-role-metier-code': 'R',
      'ror-role-metier-system': 'RS',
    });
  });

  it('takes a new token once on a 401, and gives up on a second', async () => {
    const { client, calls } = scripted([{ status: 401 }, { status: 200, body: bundle }]);
    await client.page('Organization');
    expect(calls.filter((c) => c.url.endsWith('/token'))).toHaveLength(2);
    const twice = scripted([{ status: 401 }, { status: 401 }]);
    const error = await twice.client.page('Organization').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RorHttpError);
    expect((error as RorHttpError).status).toBe(401);
  });

  it('retries a 503 after the Retry-After it gives', async () => {
    const { client, slept } = scripted([
      { status: 503, headers: { 'retry-after': '2' } },
      { status: 200, body: bundle },
    ]);
    await client.page('Organization');
    expect(slept).toEqual([2000]);
  });

  it('kicks an export off without _outputFormat, and polls at the pace Retry-After sets', async () => {
    const manifest = JSON.stringify({
      transactionTime: '2026-12-01T00:00:00Z',
      output: [{ type: 'Organization', url: 'https://ror.example/files/1.ndjson' }],
    });
    const { client, calls, slept } = scripted([
      { status: 202, headers: { 'content-location': 'https://ror.example/api/fhir/status/1' } },
      { status: 202, headers: { 'x-progress': '50%', 'retry-after': '3' } },
      { status: 200, body: manifest },
      { status: 200, body: '{"resourceType":"Organization","id":"a"}\n\n{"resourceType":"Organization","id":"b"}' },
    ]);
    const progress: (string | null)[] = [];
    const { files } = await client.exportAll({ types: ['Organization'], onProgress: (p) => progress.push(p.progress) });
    const kickOff = calls.find((c) => c.url.includes('$export'));
    expect(kickOff?.url).toBe('https://ror.example/api/fhir/$export?_type=Organization');
    expect(kickOff?.headers.prefer).toBe('respond-async');
    expect(progress).toEqual(['50%']);
    expect(slept).toEqual([3000]);
    const lines: string[] = [];
    for await (const file of files) for await (const line of file.lines) lines.push(line);
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['a', 'b']);
  });

  it('calls a non-Bundle answer malformed', async () => {
    const { client } = scripted([{ status: 200, body: '{"resourceType":"OperationOutcome"}' }]);
    await expect(client.page('Organization')).rejects.toBeInstanceOf(RorMalformed);
  });
});
