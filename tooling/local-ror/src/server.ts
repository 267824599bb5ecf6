import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Directory } from '@trajectoire/demo-data/dataset';
import { type Context, Hono } from 'hono';
import { type RorResourceType, rorDirectory } from './resources';
import { SEARCH_TYPES, SearchEngine, SearchError } from './search';
import { type ChangeSummary, type Faults, RorStore } from './store';

export type { ChangeSummary, Faults } from './store';

/** The four headers the ROR requires on every FHIR call, and the values the local one is given by default. */
export const ROR_HEADER_NAMES = [
  'Ror-Profil-Utilisateur-Code',
  'Ror-Profil-Utilisateur-System',
  'Ror-Role-Metier-Code',
  'Ror-Role-Metier-System',
] as const;
export type RorHeaders = Record<(typeof ROR_HEADER_NAMES)[number], string>;

/** Local values (a real ROR gives its own with the client's credentials). */
export const LOCAL_ROR_HEADERS: RorHeaders = {
  'Ror-Profil-Utilisateur-Code': 'TRAJECTOIRE',
  'Ror-Profil-Utilisateur-System': 'urn:trajectoire:local-ror:profil-utilisateur',
  'Ror-Role-Metier-Code': 'ORIENTATION',
  'Ror-Role-Metier-System': 'urn:trajectoire:local-ror:role-metier',
};

export const DEFAULT_CLIENT_ID = 'trajectoire-local';
export const DEFAULT_CLIENT_SECRET = 'local-ror-secret';

export interface LocalRorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The dataset's size: establishments, or (the fewest establishments holding) units. Default: the 4 demo establishments. */
  establishments?: number;
  units?: number;
  /** Serve this directory instead (tests). */
  directory?: Directory;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** How long an export stays « in progress » before its manifest is ready (default 1500 ms). */
  exportDelayMs?: number;
  /** Resources per NDJSON file; a type with more is split in parts (default 50,000). */
  exportPartSize?: number;
  /** When given, the four Ror-* headers must carry exactly these values (default: any non-empty value). */
  headers?: RorHeaders;
  /** Faults from the start (as POST /admin/faults). */
  faults?: Faults;
  /** FHIR base path (default /ror/fhir). */
  basePath?: string;
  /**
   * Build each export's files once, in the background while the client polls (as the real ROR
   * prepares them on its servers), into a temporary directory, and serve them from there; a later
   * identical export made while nothing changed reuses them. Default false: files are serialised
   * as they are downloaded.
   */
  prebuiltExports?: boolean;
}

export interface AdminState {
  establishments: number;
  units: number;
  resources: { organizations: number; healthcareServices: number; locations: number };
  changed: string[];
  deleted: string[];
  inactivated: string[];
  faults: Faults;
  fhirRequests: number;
  tokensIssued: number;
  exports: { id: string; state: 'in-progress' | 'ready' | 'cancelled'; types: string[] }[];
  memory: { rssBytes: number; maxRssBytes: number; heapUsedBytes: number };
}

export interface LocalRorAdmin {
  changes(count: number, seed?: number): ChangeSummary[];
  delete(ids: readonly string[]): { done: string[]; unknown: string[] };
  inactivate(ids: readonly string[]): { done: string[]; unknown: string[] };
  faults(faults: Faults): void;
  reset(): void;
  state(): AdminState;
}

export interface LocalRor {
  /** FHIR base, with a path: http://127.0.0.1:PORT/ror/fhir */
  url: string;
  /** OAuth2 token endpoint (Keycloak-like): http://127.0.0.1:PORT/realms/ror/protocol/openid-connect/token */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Values to send in the four Ror-* headers. */
  headers: RorHeaders;
  /** http://127.0.0.1:PORT/admin */
  adminUrl: string;
  port: number;
  /** The same operations as the admin endpoint, in process. */
  admin: LocalRorAdmin;
  /** What a ROR client needs to reach it (`createRorClient`'s settings, shape for shape). */
  clientSettings: {
    fhirUrl: string;
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    identity: {
      profilUtilisateurCode: string;
      profilUtilisateurSystem: string;
      roleMetierCode: string;
      roleMetierSystem: string;
    };
  };
  close(): Promise<void>;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const NDJSON = 'application/fhir+ndjson';
const ACCEPTED_OUTPUT_FORMATS = ['application/fhir+json', 'application/json'];

function outcome(
  severity: 'error' | 'information',
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ExportFile {
  type: RorResourceType;
  part: number;
  /** Ordinals (among this type's exported resources) of the file's first and past-last resource. */
  from: number;
  to: number;
}

interface ExportJob {
  id: string;
  request: string;
  types: RorResourceType[];
  since: number | undefined;
  readyAt: number;
  transactionTime: string;
  cancelled: boolean;
  /** Set once ready: per type, which positions of its universe are exported, and the files. */
  snapshot?: Snapshot;
  /** With prebuilt exports: the files being built (or built) for this export. */
  built?: BuiltExport;
}

interface Snapshot {
  members: Map<RorResourceType, Uint8Array>;
  counts: Map<RorResourceType, number>;
  files: ExportFile[];
}

/** An export's files written to disk, for the store's `version` they were read at. */
interface BuiltExport {
  key: string;
  version: number;
  snapshot: Snapshot;
  dir: string;
  /** Files written so far (of snapshot.files), and whether all are. */
  written: number;
  done: boolean;
  failed?: unknown;
}

/**
 * Starts the local ROR: an OAuth2 token endpoint, the FHIR API (searches, reads, bulk $export)
 * over the demo dataset, and an admin endpoint to change the data and inject faults.
 */
export async function startLocalRor(options: LocalRorOptions = {}): Promise<LocalRor> {
  const directory =
    options.directory ??
    rorDirectory(
      options.units !== undefined ? { units: options.units } : { establishments: options.establishments ?? 4 },
    );
  const store = new RorStore(directory);
  const searches = new SearchEngine(store);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const tokenTtlMs = (options.tokenTtlSeconds ?? 300) * 1000;
  const exportDelayMs = options.exportDelayMs ?? 1500;
  const partSize = Math.max(1, options.exportPartSize ?? 50_000);
  const basePath = (options.basePath ?? '/ror/fhir').replace(/\/+$/, '');
  const host = options.host ?? '127.0.0.1';

  const tokens = new Map<string, number>();
  let tokensIssued = 0;
  let faults: Faults = {};
  let fhirRequests = 0;
  const hanging = new Set<() => void>();
  const exports = new Map<string, ExportJob>();
  /** Prebuilt export files, by request (types, _since): reused while the store's version is theirs. */
  const builtExports = new Map<string, BuiltExport>();
  const dropBuilt = () => {
    for (const built of builtExports.values()) rmSync(built.dir, { recursive: true, force: true });
    builtExports.clear();
  };
  let origin = '';

  const setFaults = (next: Faults) => {
    faults = { ...next };
    store.malformedId = faults.malformedResourceId;
    fhirRequests = 0;
    for (const release of hanging) release();
    hanging.clear();
  };
  setFaults(options.faults ?? {});

  const admin: LocalRorAdmin = {
    changes: (count, seed) => store.change(count, seed),
    delete: (ids) => store.delete(ids),
    inactivate: (ids) => store.inactivate(ids),
    faults: setFaults,
    reset: () => {
      store.reset();
      searches.clear();
      exports.clear();
      dropBuilt();
      setFaults({});
    },
    state: () => {
      const usage = process.memoryUsage();
      return {
        establishments: directory.establishments.length,
        units: store.resources.unitCount,
        resources: {
          organizations: store.resources.counts.organizations,
          healthcareServices: store.resources.counts.healthcareServices,
          locations: store.resources.counts.locations,
        },
        ...store.overlaySummary(),
        faults,
        fhirRequests,
        tokensIssued,
        exports: [...exports.values()].map((j) => ({
          id: j.id,
          state: j.cancelled ? 'cancelled' : j.snapshot ? 'ready' : 'in-progress',
          types: j.types,
        })),
        memory: {
          rssBytes: usage.rss,
          maxRssBytes: process.resourceUsage().maxRSS * 1024,
          heapUsedBytes: usage.heapUsed,
        },
      };
    },
  };

  const app = new Hono();
  const fhirJson = (c: Context, body: unknown, status = 200, headers: Record<string, string> = {}) =>
    c.body(JSON.stringify(body), status as never, { 'Content-Type': FHIR_JSON, ...headers });
  const fail = (
    c: Context,
    status: number,
    code: OperationOutcomeIssue['code'],
    message: string,
    headers: Record<string, string> = {},
  ) => fhirJson(c, outcome('error', code, message), status, headers);

  // ─── OAuth2 token endpoint (client credentials, as the ROR's Keycloak realm) ───
  app.post('/realms/ror/protocol/openid-connect/token', async (c) => {
    if (faults.delayMs) await sleep(faults.delayMs);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    let id = typeof body.client_id === 'string' ? body.client_id : undefined;
    let secret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
    const basic = /^Basic (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (body.grant_type !== 'client_credentials')
      return c.json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials' }, 400);
    if (faults.refuseTokens || id !== clientId || secret !== clientSecret)
      return c.json(
        { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' },
        401,
      );
    const now = Date.now();
    for (const [t, expires] of tokens) if (expires <= now) tokens.delete(t);
    const token = randomBytes(32).toString('base64url');
    tokens.set(token, now + tokenTtlMs);
    tokensIssued++;
    return c.json({
      access_token: token,
      expires_in: Math.round(tokenTtlMs / 1000),
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    });
  });

  // ─── Admin (localhost only, no FHIR auth) ───
  const admitted = (c: Context) => {
    const address = getConnInfo(c).remote.address ?? '';
    return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address);
  };
  const adminBody = async (c: Context): Promise<Record<string, unknown>> => {
    const text = await c.req.text();
    if (!text) return {};
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a JSON object is expected');
    return parsed as Record<string, unknown>;
  };
  app.all('/admin/*', async (c, next) => {
    if (!admitted(c)) return c.json({ error: 'The admin endpoint answers local calls only' }, 403);
    return next();
  });
  // A wrong admin request (bad JSON, unknown fault…) is the caller's error.
  app.onError((error, c) =>
    c.req.path.startsWith('/admin/')
      ? c.json({ error: error.message }, 400)
      : fail(c, 500, 'exception', `Erreur interne du ROR local : ${error.message}`),
  );
  const ids = (body: Record<string, unknown>) => {
    if (!Array.isArray(body.ids) || !body.ids.every((i) => typeof i === 'string'))
      throw new Error('ids: a list of resource ids (« chu-lyon-cardio », « Location/loc-chu-lyon-cardio »…)');
    return body.ids as string[];
  };
  app.get('/admin/state', (c) => c.json(admin.state()));
  app.post('/admin/changes', async (c) => {
    const body = await adminBody(c);
    const count = Number(body.count);
    if (!Number.isInteger(count) || count < 0) throw new Error('count: a number of units to change');
    const seed = body.seed === undefined ? undefined : Number(body.seed);
    const changed = admin.changes(count, seed);
    return c.json({ changed });
  });
  app.post('/admin/delete', async (c) => c.json(admin.delete(ids(await adminBody(c)))));
  app.post('/admin/inactivate', async (c) => c.json(admin.inactivate(ids(await adminBody(c)))));
  app.post('/admin/faults', async (c) => {
    admin.faults(parseFaults(await adminBody(c)));
    return c.json({ faults });
  });
  app.post('/admin/reset', (c) => {
    admin.reset();
    return c.json({ reset: true });
  });

  // ─── FHIR API ───
  const base = () => `${origin}${basePath}`;

  app.all(`${basePath}/*`, async (c, next) => {
    if (c.req.path === `${basePath}/metadata`) return next();
    fhirRequests++;
    const n = fhirRequests;
    if (faults.delayMs) await sleep(faults.delayMs);
    if (faults.hangAfterRequests !== undefined && n > faults.hangAfterRequests) {
      await new Promise<void>((resolve) => hanging.add(resolve));
      return fail(c, 503, 'transient', 'Released after hanging');
    }
    if (faults.failAfterRequests !== undefined && n > faults.failAfterRequests)
      return fail(c, faults.status ?? 503, 'transient', 'Service temporairement indisponible (panne simulée)');
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const expires = bearer ? tokens.get(bearer) : undefined;
    if (faults.refuseTokens || expires === undefined || expires <= Date.now())
      return fail(c, 401, 'login', bearer ? 'Jeton invalide ou expiré' : 'Jeton absent', {
        'WWW-Authenticate': `Bearer realm="ror", error="invalid_token"`,
      });
    const missing = ROR_HEADER_NAMES.filter((h) => {
      const value = c.req.header(h);
      return !value || (options.headers !== undefined && value !== options.headers[h]);
    });
    if (missing.length > 0) return fail(c, 403, 'forbidden', `En-têtes manquants ou invalides : ${missing.join(', ')}`);
    return next();
  });

  app.all(`${basePath}/*`, async (c) => {
    const url = new URL(c.req.url);
    const rest = url.pathname.slice(basePath.length + 1);
    const params = url.searchParams;
    try {
      if (rest === 'metadata') return fhirJson(c, capabilities());
      if (rest === '' && params.has('_getpages') && c.req.method === 'GET')
        return fhirJson(c, searches.nextPage(params.get('_getpages') as string, base()));
      if (rest === '$export' && (c.req.method === 'GET' || c.req.method === 'POST')) return await kickOff(c, url);
      if (rest === '$export-poll-status') return poll(c, params.get('_jobId') ?? '');
      if (rest.startsWith('$export-download/') && c.req.method === 'GET') return download(c, rest.split('/').slice(1));
      const [type, id, more] = rest.split('/');
      if (c.req.method === 'GET' && type && !id) return fhirJson(c, searches.search(type, params, base()));
      if (c.req.method === 'GET' && type && id && !more && (SEARCH_TYPES as readonly string[]).includes(type)) {
        const resource = store.read(type as RorResourceType, id);
        if (resource) return fhirJson(c, resource);
        return store.resolve(`${type}/${id}`)
          ? fail(c, 410, 'deleted', `${type}/${id} a été supprimé`)
          : fail(c, 404, 'not-found', `${type}/${id} est inconnu`);
      }
      return fail(c, 404, 'not-supported', `Not supported by the local ROR: ${c.req.method} ${url.pathname}`);
    } catch (error) {
      if (error instanceof SearchError) return fail(c, error.status, 'invalid', error.message);
      throw error;
    }
  });

  const kickOff = async (c: Context, url: URL) => {
    const params = new URLSearchParams(url.search);
    if (c.req.method === 'POST') {
      const text = await c.req.text();
      if (text) {
        const body = JSON.parse(text) as {
          parameter?: { name: string; valueString?: string; valueInstant?: string }[];
        };
        for (const p of body.parameter ?? []) params.append(p.name, p.valueString ?? p.valueInstant ?? '');
      }
    }
    if (!/respond-async/.test(c.req.header('prefer') ?? ''))
      return fail(c, 400, 'invalid', 'Le $export est asynchrone : en-tête « Prefer: respond-async » requis');
    const format = params.get('_outputFormat');
    if (format !== null && !ACCEPTED_OUTPUT_FORMATS.includes(format))
      return fail(
        c,
        400,
        'invalid',
        `_outputFormat ${format} non pris en charge : ${ACCEPTED_OUTPUT_FORMATS.join(' ou ')} (ou l'omettre)`,
      );
    for (const name of params.keys())
      if (!['_type', '_since', '_outputFormat', 'includeAssociatedData'].includes(name))
        return fail(c, 400, 'not-supported', `Paramètre de $export non pris en charge : ${name}`);
    const types = (params.get('_type') ?? SEARCH_TYPES.join(','))
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const unknownType = types.find((t) => !(SEARCH_TYPES as readonly string[]).includes(t));
    if (unknownType) return fail(c, 400, 'invalid', `_type inconnu : ${unknownType}`);
    let since: number | undefined;
    const sinceRaw = params.get('_since');
    if (sinceRaw) {
      since = Date.parse(sinceRaw.replaceAll(' ', '+'));
      if (Number.isNaN(since)) return fail(c, 400, 'invalid', `_since invalide : ${sinceRaw}`);
    }
    const now = Date.now();
    const job: ExportJob = {
      id: randomUUID(),
      request: url.toString(),
      types: types as RorResourceType[],
      since,
      readyAt: now + exportDelayMs,
      transactionTime: new Date(now).toISOString(),
      cancelled: false,
    };
    exports.set(job.id, job);
    if (options.prebuiltExports) job.built = prebuild(job);
    return c.body(null, 202, { 'Content-Location': `${base()}/$export-poll-status?_jobId=${job.id}` });
  };

  const poll = (c: Context, jobId: string) => {
    const job = exports.get(jobId);
    if (!job || job.cancelled) return fail(c, 404, 'not-found', `Export inconnu ou annulé : ${jobId}`);
    if (c.req.method === 'DELETE') {
      job.cancelled = true;
      return fhirJson(c, outcome('information', 'informational', 'Export annulé'), 202);
    }
    if (c.req.method !== 'GET') return fail(c, 405, 'not-supported', 'GET ou DELETE');
    const now = Date.now();
    if (now < job.readyAt) {
      const done = Math.floor(((now - (job.readyAt - exportDelayMs)) / Math.max(1, exportDelayMs)) * 100);
      return c.body(null, 202, { 'X-Progress': `En cours (${Math.min(99, Math.max(0, done))} %)`, 'Retry-After': '1' });
    }
    if (job.built && !job.built.done && !job.built.failed) {
      const { written, snapshot: snap } = job.built;
      const done = Math.floor((written / Math.max(1, snap.files.length)) * 100);
      return c.body(null, 202, {
        'X-Progress': `Fichiers en préparation (${Math.min(99, done)} %)`,
        'Retry-After': '1',
      });
    }
    job.snapshot ??= job.built && !job.built.failed ? job.built.snapshot : snapshot(job);
    const snap = job.snapshot;
    return c.json({
      transactionTime: job.transactionTime,
      request: job.request,
      requiresAccessToken: true,
      output: snap.files.map((f) => ({
        type: f.type,
        url: `${base()}/$export-download/${job.id}/${fileName(f)}`,
        count: f.to - f.from,
      })),
      error: [],
    });
  };

  const fileName = (f: ExportFile) => `${f.type}-${f.part}.ndjson`;

  /** What the export holds, fixed when it becomes ready: per type, which resources (as a bitmap over its universe). */
  const snapshot = (job: ExportJob): Snapshot => {
    const members = new Map<RorResourceType, Uint8Array>();
    const counts = new Map<RorResourceType, number>();
    const files: ExportFile[] = [];
    for (const type of job.types) {
      const bits = new Uint8Array(universeSize(type));
      let position = 0;
      let count = 0;
      for (const id of universe(type)) {
        if (
          store.resources.exists(type, id) &&
          (job.since === undefined || store.resources.lastUpdatedMs(type, id) >= job.since)
        ) {
          bits[position] = 1;
          count++;
        }
        position++;
      }
      members.set(type, bits);
      counts.set(type, count);
      for (let from = 0, part = 1; from < count; from += partSize, part++)
        files.push({ type, part, from, to: Math.min(count, from + partSize) });
    }
    return { members, counts, files };
  };

  const universeSize = (type: RorResourceType) =>
    type === 'Organization' ? store.resources.counts.organizations : store.resources.unitCount;

  function* universe(type: RorResourceType): Generator<string> {
    if (type === 'Organization') {
      yield* store.resources.organizationIds();
      return;
    }
    for (let u = 0; u < store.resources.unitCount; u++) {
      const key = store.resources.unitAt(u).unit.key;
      yield type === 'Location' ? `loc-${key}` : key;
    }
  }

  /**
   * The export's files, built in the background (the event loop keeps answering between chunks),
   * or those of an identical export built while the store was as it is now.
   */
  const prebuild = (job: ExportJob): BuiltExport => {
    const key = `${job.types.join(',')}|${job.since ?? ''}`;
    const known = builtExports.get(key);
    if (known && known.version === store.version && !known.failed) return known;
    if (known) {
      rmSync(known.dir, { recursive: true, force: true });
      builtExports.delete(key);
    }
    const built: BuiltExport = {
      key,
      version: store.version,
      snapshot: snapshot(job),
      dir: mkdtempSync(path.join(tmpdir(), 'local-ror-export-')),
      written: 0,
      done: false,
    };
    builtExports.set(key, built);
    void (async () => {
      for (const file of built.snapshot.files) {
        const out = createWriteStream(path.join(built.dir, fileName(file)));
        const bits = built.snapshot.members.get(file.type) as Uint8Array;
        const ids = universe(file.type);
        let position = 0;
        let ordinal = 0;
        for (;;) {
          let chunk = '';
          let end = false;
          while (chunk.length < 256 * 1024) {
            const next = ids.next();
            if (next.done || ordinal >= file.to) {
              end = true;
              break;
            }
            if (bits[position++] !== 1) continue;
            if (ordinal++ < file.from) continue;
            const resource = store.resources.read(file.type, next.value);
            if (resource) chunk += `${JSON.stringify(resource)}\n`;
          }
          if (chunk && !out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          else await new Promise((resolve) => setImmediate(() => resolve(undefined)));
          if (end) break;
        }
        await new Promise<void>((resolve, reject) =>
          out.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
        built.written++;
      }
      built.done = true;
    })().catch((error: unknown) => {
      built.failed = error;
    });
    return built;
  };

  const download = (c: Context, [jobId, name]: string[]) => {
    const job = exports.get(jobId ?? '');
    const file = job?.snapshot?.files.find((f) => fileName(f) === name);
    if (!job || job.cancelled || !file) return fail(c, 404, 'not-found', `Fichier d'export inconnu : ${name}`);
    const built = job.built;
    if (
      built?.done &&
      built.snapshot === job.snapshot &&
      built.version === store.version &&
      faults.malformedNdjsonLine === undefined &&
      faults.malformedResourceId === undefined
    ) {
      const stream = createReadStream(path.join(built.dir, fileName(file)), { highWaterMark: 256 * 1024 });
      return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, { 'Content-Type': NDJSON });
    }
    const bits = job.snapshot?.members.get(file.type) as Uint8Array;
    const malformedLine =
      typeof faults.malformedNdjsonLine === 'number'
        ? faults.malformedNdjsonLine
        : faults.malformedNdjsonLine?.type === file.type
          ? faults.malformedNdjsonLine.line
          : undefined;
    const ids = universe(file.type);
    let position = 0;
    let ordinal = 0;
    let line = 0;
    const encoder = new TextEncoder();
    // Pulled by the socket: a chunk of lines at a time, built only when the client reads on.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        let chunk = '';
        while (chunk.length < 64 * 1024) {
          const next = ids.next();
          if (next.done || ordinal >= file.to) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          const member = bits[position++] === 1;
          if (!member) continue;
          const index = ordinal++;
          if (index < file.from) continue;
          const resource = store.read(file.type, next.value);
          // Deleted since the manifest was made: left out (the file then holds fewer than its count).
          if (!resource) continue;
          line++;
          let text = JSON.stringify(resource);
          if (line === malformedLine) text = text.slice(0, Math.floor(text.length / 2));
          chunk += `${text}\n`;
        }
        controller.enqueue(encoder.encode(chunk));
      },
    });
    return c.body(body, 200, { 'Content-Type': NDJSON });
  };

  const capabilities = () => ({
    resourceType: 'CapabilityStatement',
    status: 'active',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: SEARCH_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: [
            { name: '_lastUpdated', type: 'date' },
            { name: '_id', type: 'token' },
            ...(type === 'Organization' ? [{ name: 'identifier', type: 'token' }] : []),
          ],
        })),
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
      },
    ],
  });

  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  const url = `${origin}${basePath}`;
  const tokenUrl = `${origin}/realms/ror/protocol/openid-connect/token`;
  const headers = options.headers ?? LOCAL_ROR_HEADERS;
  return {
    url,
    tokenUrl,
    clientId,
    clientSecret,
    headers,
    adminUrl: `${origin}/admin`,
    port,
    admin,
    clientSettings: {
      fhirUrl: url,
      tokenUrl,
      clientId,
      clientSecret,
      identity: {
        profilUtilisateurCode: headers['Ror-Profil-Utilisateur-Code'],
        profilUtilisateurSystem: headers['Ror-Profil-Utilisateur-System'],
        roleMetierCode: headers['Ror-Role-Metier-Code'],
        roleMetierSystem: headers['Ror-Role-Metier-System'],
      },
    },
    close: async () => {
      dropBuilt();
      for (const release of hanging) release();
      hanging.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}

/** Faults from JSON (admin body or LOCAL_ROR_FAULTS): unknown keys are refused. */
export function parseFaults(body: Record<string, unknown>): Faults {
  const faults: Faults = {};
  const int = (key: string) => {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${key}: a non-negative integer`);
    return v;
  };
  for (const key of Object.keys(body))
    if (
      ![
        'failAfterRequests',
        'status',
        'hangAfterRequests',
        'malformedResourceId',
        'malformedNdjsonLine',
        'delayMs',
        'refuseTokens',
      ].includes(key)
    )
      throw new Error(`Unknown fault: ${key}`);
  const failAfter = int('failAfterRequests');
  if (failAfter !== undefined) faults.failAfterRequests = failAfter;
  const status = int('status');
  if (status !== undefined) {
    if (status < 400 || status > 599) throw new Error('status: an HTTP error status');
    faults.status = status;
  }
  const hang = int('hangAfterRequests');
  if (hang !== undefined) faults.hangAfterRequests = hang;
  const delay = int('delayMs');
  if (delay !== undefined) faults.delayMs = delay;
  if (typeof body.malformedResourceId === 'string') faults.malformedResourceId = body.malformedResourceId;
  const line = body.malformedNdjsonLine;
  if (typeof line === 'number') faults.malformedNdjsonLine = line;
  else if (line && typeof line === 'object') {
    const { type, line: n } = line as { type?: unknown; line?: unknown };
    if (!(SEARCH_TYPES as readonly unknown[]).includes(type) || typeof n !== 'number')
      throw new Error('malformedNdjsonLine: a line number, or { type, line }');
    faults.malformedNdjsonLine = { type: type as RorResourceType, line: n };
  }
  if (body.refuseTokens === true) faults.refuseTokens = true;
  return faults;
}
