import type { Bundle, HealthcareService, Location, Organization } from '@medplum/fhirtypes';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_ROR_HEADERS, type LocalRor, startLocalRor } from './server';

// ~11,000 units: enough to pass the 10,000-result cap of a search. An export is ready 800 ms after
// its kick-off, so that the first poll finds it running even on a loaded machine.
const ror: LocalRor = await startLocalRor({ units: 11_000, exportDelayMs: 800, exportPartSize: 10_000 });
afterAll(() => ror.close());
beforeEach(() => ror.admin.reset());

async function getToken(target: LocalRor = ror): Promise<string> {
  const res = await fetch(target.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: target.clientId,
      client_secret: target.clientSecret,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

let cachedToken: string | undefined;
async function fhir(pathOrUrl: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  cachedToken ??= await getToken();
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${ror.url}/${pathOrUrl}`;
  return fetch(url, {
    ...init,
    headers: { Authorization: `Bearer ${init.token ?? cachedToken}`, ...LOCAL_ROR_HEADERS, ...init.headers },
  });
}
async function bundle(pathOrUrl: string): Promise<Bundle> {
  const res = await fhir(pathOrUrl);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Bundle;
}
const ids = (b: Bundle, mode?: 'match' | 'include') =>
  (b.entry ?? [])
    .filter((e) => !mode || e.search?.mode === mode)
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
function resourceIn<T>(b: Bundle, id: string): T {
  const found = b.entry?.find((e) => e.resource?.id === id)?.resource;
  if (!found) throw new Error(`${id} is not in the bundle`);
  return found as T;
}
const next = (b: Bundle) => b.link?.find((l) => l.relation === 'next')?.url;

const DELTA_INCLUDES =
  '_include=HealthcareService:organization&_include:iterate=Organization:partof&_include=HealthcareService:location';

describe('token endpoint', () => {
  it('gives a token for the client credentials, in the body or by Basic auth', async () => {
    const res = await fetch(ror.tokenUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${ror.clientId}:${ror.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect((await fhir('HealthcareService?_count=1', { token: body.access_token })).status).toBe(200);
  });

  it('refuses wrong credentials and other grants', async () => {
    const post = (body: Record<string, string>) =>
      fetch(ror.tokenUrl, { method: 'POST', body: new URLSearchParams(body) });
    expect(
      (await post({ grant_type: 'client_credentials', client_id: ror.clientId, client_secret: 'no' })).status,
    ).toBe(401);
    expect(
      (await post({ grant_type: 'password', client_id: ror.clientId, client_secret: ror.clientSecret })).status,
    ).toBe(400);
  });

  it('refuses FHIR calls without a token, with an unknown one, and once it has expired', async () => {
    const res = await fetch(`${ror.url}/HealthcareService`, { headers: LOCAL_ROR_HEADERS });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await fhir('HealthcareService', { token: 'forged' })).status).toBe(401);

    const short = await startLocalRor({ tokenTtlSeconds: 1 });
    try {
      const token = await getToken(short);
      const call = () =>
        fetch(`${short.url}/HealthcareService`, { headers: { Authorization: `Bearer ${token}`, ...short.headers } });
      expect((await call()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await call()).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('requires the four Ror-* headers (403 OperationOutcome naming the missing ones)', async () => {
    cachedToken ??= await getToken();
    const { 'Ror-Role-Metier-System': _omitted, ...three } = LOCAL_ROR_HEADERS;
    const res = await fetch(`${ror.url}/HealthcareService`, {
      headers: { Authorization: `Bearer ${cachedToken}`, ...three },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Ror-Role-Metier-System');
  });
});

describe('searches', () => {
  it('pages by an opaque next link, 200 at most per page, with the total', async () => {
    const first = await bundle('HealthcareService?_count=500');
    expect(first.type).toBe('searchset');
    expect(first.total).toBe(ror.admin.state().units);
    expect(ids(first, 'match')).toHaveLength(200);
    const nextUrl = next(first) as string;
    expect(nextUrl.startsWith(ror.url)).toBe(true);
    expect(nextUrl).not.toMatch(/offset|=200\b/);
    const second = await bundle(nextUrl);
    expect(ids(second, 'match')).toHaveLength(200);
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);
    expect(first.entry?.[0]).toMatchObject({ fullUrl: `${ror.url}/${ids(first)[0]}`, search: { mode: 'match' } });
  });

  it('serves 10,000 matches at most: the page past them is a 400, the total stays true', async () => {
    let page = await bundle('HealthcareService?_count=200');
    const total = page.total as number;
    expect(total).toBeGreaterThan(10_000);
    let served = ids(page).length;
    while (served < 10_000) {
      page = await bundle(next(page) as string);
      served += ids(page).length;
    }
    expect(served).toBe(10_000);
    expect(page.total).toBe(total);
    const beyond = await fhir(next(page) as string);
    expect(beyond.status).toBe(400);
    expect(await beyond.text()).toContain('10000');
  });

  it('filters by _lastUpdated (ge, lt, dates and instants), and finds changed offers after a full load', async () => {
    const all = (await bundle('HealthcareService?_count=0')).total as number;
    const before = (await bundle('HealthcareService?_lastUpdated=lt2025-07-01&_count=0')).total as number;
    const after = (await bundle('HealthcareService?_lastUpdated=ge2025-07-01T00:00:00Z&_count=0')).total as number;
    expect(before + after).toBe(all);
    expect(before).toBeGreaterThan(0);
    const window = await bundle('HealthcareService?_lastUpdated=ge2025-03-01&_lastUpdated=lt2025-03-02&_count=200');
    for (const e of window.entry ?? []) expect(e.resource?.meta?.lastUpdated?.slice(0, 10)).toBe('2025-03-01');

    const since = new Date().toISOString();
    expect((await bundle(`HealthcareService?_lastUpdated=ge${since}&_count=0`)).total).toBe(0);
    const changed = ror.admin.changes(25);
    const delta = await bundle(`HealthcareService?_lastUpdated=ge${since}&${DELTA_INCLUDES}`);
    expect(delta.total).toBe(25);
    expect(ids(delta, 'match').sort()).toEqual(changed.map((c) => `HealthcareService/${c.healthcareService}`).sort());
    expect((await fhir('HealthcareService?_lastUpdated=yesterday')).status).toBe(400);
    expect((await fhir('HealthcareService?unknown=1')).status).toBe(400);
  });

  it('climbs the partOf chain only with :iterate', async () => {
    const plain = await bundle(
      'HealthcareService?_id=chu-lyon-cardio&_include=HealthcareService:organization&_include=Organization:partof&_include=HealthcareService:location',
    );
    expect(ids(plain, 'include').sort()).toEqual(['Location/loc-chu-lyon-cardio', 'Organization/uf-chu-lyon-cardio']);
    const iterate = await bundle(`HealthcareService?_id=chu-lyon-cardio&${DELTA_INCLUDES}`);
    expect(ids(iterate, 'match')).toEqual(['HealthcareService/chu-lyon-cardio']);
    const ej = resourceIn<Organization>(iterate, 'eg-chu-lyon').partOf?.reference;
    expect(ids(iterate, 'include').sort()).toEqual(
      [
        'Location/loc-chu-lyon-cardio',
        'Organization/uf-chu-lyon-cardio',
        'Organization/pole-chu-lyon',
        'Organization/eg-chu-lyon',
        ej,
      ].sort(),
    );
    // On an Organization search, a plain _include=Organization:partof climbs one level.
    const one = await bundle('Organization?_id=uf-chu-lyon-cardio&_include=Organization:partof');
    expect(ids(one, 'include')).toEqual(['Organization/pole-chu-lyon']);
  });

  it("fetches one establishment's offers by its FINESS", async () => {
    const eg = resourceIn<Organization>(await bundle('Organization?_id=eg-clinique-grenoble'), 'eg-clinique-grenoble');
    const value = eg.identifier?.find((i) => i.system === 'https://finess.esante.gouv.fr')?.value as string;
    const b = await bundle(
      `Organization?identifier=https://finess.esante.gouv.fr|${value}&_revinclude:iterate=Organization:partof&_revinclude:iterate=HealthcareService:organization&_include:iterate=HealthcareService:location`,
    );
    expect(ids(b, 'match')).toEqual(['Organization/eg-clinique-grenoble']);
    expect(ids(b, 'include').sort()).toEqual(
      [
        'Organization/uf-grenoble-smr-neuro',
        'Organization/uf-grenoble-smr-loco',
        'HealthcareService/grenoble-smr-neuro',
        'HealthcareService/grenoble-smr-loco',
        'Location/loc-grenoble-smr-neuro',
        'Location/loc-grenoble-smr-loco',
      ].sort(),
    );
  });

  it('reads one resource; a deleted one is gone (410) and vanishes from searches', async () => {
    const res = await fhir('Location/loc-annecy-ehpad');
    expect(((await res.json()) as Location).id).toBe('loc-annecy-ehpad');
    const total = (await bundle('HealthcareService?_count=0')).total as number;
    expect(ror.admin.delete(['annecy-usld', 'Location/loc-annecy-usld', 'nope'])).toEqual({
      done: ['HealthcareService/annecy-usld', 'Location/loc-annecy-usld'],
      unknown: ['nope'],
    });
    expect((await fhir('HealthcareService/annecy-usld')).status).toBe(410);
    expect((await bundle('HealthcareService?_count=0')).total).toBe(total - 1);
    expect(ids(await bundle('HealthcareService?_id=annecy-usld,annecy-ehpad'))).toEqual([
      'HealthcareService/annecy-ehpad',
    ]);
  });

  it('shows an inactivated offer in a delta, active=false', async () => {
    const since = new Date().toISOString();
    ror.admin.inactivate(['had-isere-adultes']);
    const delta = await bundle(`HealthcareService?_lastUpdated=ge${since}`);
    expect(ids(delta)).toEqual(['HealthcareService/had-isere-adultes']);
    expect(resourceIn<HealthcareService>(delta, 'had-isere-adultes').active).toBe(false);
  });
});

type Manifest = {
  transactionTime: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
};

async function runExport(query = '_type=Organization,HealthcareService,Location'): Promise<Manifest> {
  const kick = await fhir(`$export?${query}`, { headers: { Prefer: 'respond-async' } });
  expect(kick.status, await kick.clone().text()).toBe(202);
  const status = kick.headers.get('content-location') as string;
  let polls = 0;
  for (;;) {
    const res = await fhir(status);
    if (res.status === 200) {
      expect(polls).toBeGreaterThan(0);
      return (await res.json()) as Manifest;
    }
    expect(res.status).toBe(202);
    expect(res.headers.get('x-progress')).toMatch(/%/);
    polls++;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bulk $export', () => {
  it('kicks off, answers 202 with X-Progress while running, then a manifest of NDJSON files', async () => {
    const manifest = await runExport();
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.error).toEqual([]);
    const state = ror.admin.state();
    const count = (type: string) => manifest.output.filter((o) => o.type === type).reduce((n, o) => n + o.count, 0);
    expect(count('HealthcareService')).toBe(state.units);
    expect(count('Location')).toBe(state.units);
    expect(count('Organization')).toBe(state.resources.organizations);
    expect(manifest.output.filter((o) => o.type === 'Organization').length).toBeGreaterThan(1); // split in parts

    const file = manifest.output.find((o) => o.type === 'Location') as Manifest['output'][number];
    expect((await fetch(file.url)).status).toBe(401); // the token is required
    const res = await fhir(file.url);
    expect(res.headers.get('content-type')).toContain('application/fhir+ndjson');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(file.count);
    expect((JSON.parse(lines[0] as string) as Location).resourceType).toBe('Location');
  });

  it('is answered the same whether asked by GET or POST, and deleted resources are not in it', async () => {
    ror.admin.delete(['chu-lyon-cardio']);
    const post = await fhir('$export', {
      method: 'POST',
      headers: { Prefer: 'respond-async', 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Parameters',
        parameter: [{ name: '_type', valueString: 'HealthcareService' }],
      }),
    });
    expect(post.status).toBe(202);
    const manifest = await runExport('_type=HealthcareService');
    const text = await (await fhir(manifest.output[0]?.url as string)).text();
    expect(text).toContain('"id":"chu-lyon-neuro"');
    expect(text).not.toContain('"id":"chu-lyon-cardio"');
    expect(manifest.output.reduce((n, o) => n + o.count, 0)).toBe(ror.admin.state().units - 1);
  });

  it('refuses _outputFormat=application/fhir+ndjson, as the ROR does, and accepts application/fhir+json', async () => {
    const refused = await fhir('$export?_type=Location&_outputFormat=application/fhir%2Bndjson', {
      headers: { Prefer: 'respond-async' },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    const accepted = await fhir('$export?_type=Location&_outputFormat=application/fhir%2Bjson', {
      headers: { Prefer: 'respond-async' },
    });
    expect(accepted.status).toBe(202);
  });

  it('cancels an export on DELETE of its status URL', async () => {
    const kick = await fhir('$export?_type=Location', { headers: { Prefer: 'respond-async' } });
    const status = kick.headers.get('content-location') as string;
    expect((await fhir(status, { method: 'DELETE' })).status).toBe(202);
    expect((await fhir(status)).status).toBe(404);
  });
});

describe('faults', () => {
  it('fails mid-way with a 5xx after N requests', async () => {
    ror.admin.faults({ failAfterRequests: 2, status: 500 });
    expect((await fhir('HealthcareService?_count=1')).status).toBe(200);
    expect((await fhir('HealthcareService?_count=1')).status).toBe(200);
    const failed = await fhir('HealthcareService?_count=1');
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('hangs after N requests (a timeout for the client) until the faults change', async () => {
    ror.admin.faults({ hangAfterRequests: 0 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    await expect(fhir('HealthcareService?_count=1', { signal: controller.signal })).rejects.toThrow();
    clearTimeout(timer);
    ror.admin.faults({});
    expect((await fhir('HealthcareService?_count=1')).status).toBe(200);
  });

  it('serves a malformed resource wherever it appears', async () => {
    ror.admin.faults({ malformedResourceId: 'chu-lyon-neuro' });
    const b = await bundle('HealthcareService?_id=chu-lyon-neuro,chu-lyon-smr');
    const broken = b.entry?.find((e) => e.resource?.id === 'chu-lyon-neuro')?.resource as unknown as Record<
      string,
      unknown
    >;
    expect(broken.name).toBe(42);
    expect(typeof broken.providedBy).toBe('string');
    expect(resourceIn<HealthcareService>(b, 'chu-lyon-smr').name).toBe('SMR polyvalent');
  });

  it('cuts an NDJSON line in the middle', async () => {
    ror.admin.faults({ malformedNdjsonLine: { type: 'Location', line: 3 } });
    const manifest = await runExport('_type=Location');
    const lines = (await (await fhir(manifest.output[0]?.url as string)).text()).trimEnd().split('\n');
    expect(() => JSON.parse(lines[2] as string)).toThrow();
    expect(() => JSON.parse(lines[3] as string)).not.toThrow();
  });

  it('is slow when told', async () => {
    ror.admin.faults({ delayMs: 250 });
    const started = Date.now();
    expect((await fhir('HealthcareService?_count=1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('refuses tokens: none is issued, those issued are refused', async () => {
    ror.admin.faults({ refuseTokens: true });
    expect((await fhir('HealthcareService?_count=1')).status).toBe(401);
    const res = await fetch(ror.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: ror.clientId,
        client_secret: ror.clientSecret,
      }),
    });
    expect(res.status).toBe(401);
  });

  it('takes faults and changes over HTTP on /admin, and tells its state', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${ror.adminUrl}/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('faults', { failAfterRequests: 0 })).status).toBe(200);
    expect((await fhir('HealthcareService?_count=1')).status).toBe(503);
    expect((await post('faults', { nonsense: 1 })).status).toBe(400);
    expect((await post('reset', {})).status).toBe(200);
    const changes = (await (await post('changes', { count: 3, seed: 7 })).json()) as { changed: unknown[] };
    expect(changes.changed).toHaveLength(3);
    await post('inactivate', { ids: ['annecy-ehpad'] });
    const state = (await (await fetch(`${ror.adminUrl}/state`)).json()) as {
      changed: string[];
      inactivated: string[];
      faults: object;
    };
    expect(state.changed).toHaveLength(6);
    expect(state.inactivated).toEqual(['HealthcareService/annecy-ehpad']);
    expect(state.faults).toEqual({});
  });
});

describe('determinism', () => {
  it('serves the same resources from two servers, and the same changes for the same seed', async () => {
    const other = await startLocalRor({ units: 11_000 });
    try {
      expect(ror.admin.changes(10, 42)).toEqual(other.admin.changes(10, 42));
      const token = await getToken(other);
      const query = `HealthcareService?_count=100&${DELTA_INCLUDES}`;
      const a = await bundle(query);
      const res = await fetch(`${other.url}/${query}`, {
        headers: { Authorization: `Bearer ${token}`, ...other.headers },
      });
      const b = (await res.json()) as Bundle;
      const strip = (x: Bundle) => JSON.stringify(x.entry?.map((e) => e.resource));
      expect(a.entry?.length).toBeGreaterThan(100);
      expect(strip(b)).toBe(strip(a));
    } finally {
      await other.close();
    }
  });
});
