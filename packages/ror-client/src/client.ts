import { RorError, RorHttpError, RorMalformed, RorTimeoutError, RorTokenRefused, RorUnreachable } from './errors';

/** Who is asking, sent on every FHIR call (the ROR's access rules depend on it). */
export interface RorIdentity {
  profilUtilisateurCode: string;
  profilUtilisateurSystem: string;
  roleMetierCode: string;
  roleMetierSystem: string;
}

export interface RorClientOptions {
  /** FHIR base URL, with its path (e.g. https://…/ror/fhir). */
  fhirUrl: string;
  /** OAuth2 token endpoint (client credentials). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  identity: RorIdentity;
  /** Longest wait for an answer's headers, and between two chunks of a body (default 30 s). */
  timeoutMs?: number;
  /** Retries of a 5xx, a 429 or a network failure before giving up (default 3). */
  retries?: number;
  /** First retry delay, doubled each time, unless the ROR says Retry-After (default 500 ms). */
  retryDelayMs?: number;
  /** Export polling: the delay when the ROR gives no Retry-After (default 1 s), and the longest total wait (default 1 h). */
  pollIntervalMs?: number;
  maxExportWaitMs?: number;
  /** A token is renewed this long before it expires (default 30 s). */
  tokenMarginMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** A FHIR search page: the Bundle and its `next` link. */
export interface SearchPage {
  url: string;
  bundle: FhirBundle;
  next: string | null;
  total: number | null;
}

export interface FhirBundle {
  resourceType: 'Bundle';
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { resource?: { resourceType?: string; id?: string } & Record<string, unknown>; search?: { mode?: string } }[];
}

export interface ExportManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count?: number }[];
  error: { type: string; url: string }[];
}

export interface ExportProgress {
  /** X-Progress as the ROR words it (free text, e.g. « 40% »). */
  progress: string | null;
  polls: number;
}

export interface TimeWindow {
  /** Inclusive. */
  since: string;
  /** Exclusive. */
  until: string;
  total: number | null;
}

/** A search serves at most this many results: a wider window is split. */
export const SEARCH_CAP = 10_000;
export const PAGE_SIZE = 200;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The HTTP client of a ROR FHIR API: OAuth2 client-credentials token (cached, renewed before it
 * expires, fetched again once on a 401), the four identity headers, bulk `$export`, paged searches,
 * `_lastUpdated` windows split under the 10,000-result cap, a timeout on every request and typed
 * errors. It keeps nothing but the token: files and pages are streamed to the caller.
 */
export class RorClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private token: { value: string; renewAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;

  constructor(private readonly options: RorClientOptions) {
    this.base = options.fhirUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? sleepFor;
  }

  /** An absolute URL for a path under the FHIR base (`HealthcareService?…`), or a URL as is. */
  url(pathOrUrl: string): string {
    if (/^https?:\/\//.test(pathOrUrl)) return pathOrUrl;
    return `${this.base}/${pathOrUrl.replace(/^\/+/, '')}`;
  }

  // ─── token ────────────────────────────────────────────────────────────────

  /** The cached token, or a new one when it is about to expire (one request for concurrent callers). */
  async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  invalidateToken(): void {
    this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret } = this.options;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const response = await this.send(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    const text = await this.readText(response, tokenUrl);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new RorTokenRefused(response.status, oauthError(text));
    }
    if (!response.ok) throw new RorHttpError(response.status, tokenUrl, oauthError(text));
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text);
    } catch {
      throw new RorMalformed(tokenUrl, 'le jeton n’est pas du JSON');
    }
    if (typeof json.access_token !== 'string' || !json.access_token) {
      throw new RorTokenRefused(response.status, 'aucun access_token dans la réponse');
    }
    const lifetimeMs = (typeof json.expires_in === 'number' ? json.expires_in : 300) * 1000;
    const margin = Math.min(this.options.tokenMarginMs ?? 30_000, lifetimeMs / 2);
    this.token = { value: json.access_token, renewAt: Date.now() + lifetimeMs - margin };
    return json.access_token;
  }

  // ─── requests ─────────────────────────────────────────────────────────────

  /**
   * One fetch with a timeout on its headers: the returned response's body must be read with
   * `readText` or `lines`, which keep a timeout between chunks. Network failures are retried.
   */
  private async send(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new RorTimeoutError(url, this.timeoutMs)), this.timeoutMs);
      try {
        const response = await this.fetchFn(url, { ...init, signal: controller.signal });
        clearTimeout(timer);
        return withAbort(response, controller, url, this.timeoutMs);
      } catch (error) {
        clearTimeout(timer);
        const failure =
          controller.signal.aborted && controller.signal.reason instanceof RorError
            ? controller.signal.reason
            : error instanceof RorError
              ? error
              : new RorUnreachable(url, error);
        if (attempt >= this.retries) throw failure;
        await this.sleep(this.retryDelayMs * 2 ** attempt);
      }
    }
  }

  /**
   * A FHIR call: token and identity headers, one token renewal on a 401, retries of 5xx and 429
   * (Retry-After honoured). Answers with any other status are returned to the caller.
   */
  async fhir(pathOrUrl: string, init: { accept?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = this.url(pathOrUrl);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const response = await this.send(url, {
        method: 'GET',
        headers: {
          accept: init.accept ?? 'application/fhir+json',
          authorization: `Bearer ${token}`,
          'Ror-Profil-Utilisateur-Code': this.options.identity.profilUtilisateurCode,
          'Ror-Profil-Utilisateur-System': this.options.identity.profilUtilisateurSystem,
          'Ror-Role-Metier-Code': this.options.identity.roleMetierCode,
          'Ror-Role-Metier-System': this.options.identity.roleMetierSystem,
          ...init.headers,
        },
      });
      if (response.status === 401 && !renewed) {
        await response.body?.cancel().catch(() => undefined);
        renewed = true;
        this.invalidateToken();
        attempt--;
        continue;
      }
      if ((response.status >= 500 || response.status === 429) && attempt < this.retries) {
        await response.body?.cancel().catch(() => undefined);
        await this.sleep(retryAfterMs(response) ?? this.retryDelayMs * 2 ** attempt);
        continue;
      }
      return response;
    }
  }

  /** A FHIR call whose answer must be 2xx JSON. */
  async json<T>(pathOrUrl: string): Promise<T> {
    const url = this.url(pathOrUrl);
    const response = await this.fhir(url);
    const text = await this.readText(response, url);
    if (!response.ok) throw new RorHttpError(response.status, url, operationOutcome(text));
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RorMalformed(url, 'la réponse n’est pas du JSON');
    }
  }

  private async readText(response: Response, _url: string): Promise<string> {
    let text = '';
    for await (const chunk of decodeChunks(response)) text += chunk;
    return text;
  }

  // ─── searches ─────────────────────────────────────────────────────────────

  /** One page of a search (a path with its parameters, or a `next` link). */
  async page(pathOrUrl: string): Promise<SearchPage> {
    const url = this.url(pathOrUrl);
    const bundle = await this.json<FhirBundle>(url);
    if (bundle?.resourceType !== 'Bundle') throw new RorMalformed(url, 'la réponse n’est pas un Bundle');
    const next = bundle.link?.find((l) => l.relation === 'next')?.url ?? null;
    return {
      url,
      bundle,
      next: next ? this.url(next) : null,
      total: typeof bundle.total === 'number' ? bundle.total : null,
    };
  }

  /**
   * Every page of a search, following the Bundle's opaque `next` link; `_count=200` is added to a
   * first URL that does not say it. Start from a saved `next` link to resume.
   */
  async *searchPages(pathOrUrl: string): AsyncGenerator<SearchPage> {
    let url: string | null = withCount(this.url(pathOrUrl));
    while (url) {
      const page = await this.page(url);
      yield page;
      url = page.next;
    }
  }

  /** How many resources a search matches (`_count=0`: the total, no entries). */
  async count(pathOrUrl: string): Promise<number | null> {
    const url = new URL(this.url(pathOrUrl));
    url.searchParams.set('_count', '0');
    url.searchParams.delete('_include');
    url.searchParams.delete('_include:iterate');
    const page = await this.page(url.toString());
    return page.total;
  }

  /**
   * `[since, until)` cut into windows of at most 10,000 matches of `resourceType` by
   * `_lastUpdated`, halving a window by time while its `total` is over the cap (down to 1 ms).
   */
  async deltaWindows(
    since: Date | string,
    until: Date | string,
    options: { resourceType?: string; cap?: number } = {},
  ): Promise<TimeWindow[]> {
    const type = options.resourceType ?? 'HealthcareService';
    const cap = options.cap ?? SEARCH_CAP;
    const out: TimeWindow[] = [];
    const visit = async (from: number, to: number): Promise<void> => {
      const total = await this.count(`${type}?${windowParams(new Date(from), new Date(to))}`);
      if (total !== null && total > cap && to - from > 1) {
        const middle = from + Math.floor((to - from) / 2);
        await visit(from, middle);
        await visit(middle, to);
        return;
      }
      out.push({ since: new Date(from).toISOString(), until: new Date(to).toISOString(), total });
    };
    await visit(new Date(since).getTime(), new Date(until).getTime());
    return out;
  }

  // ─── bulk export ──────────────────────────────────────────────────────────

  /** Asks for an export (`Prefer: respond-async`); answers the URL to poll. No `_outputFormat`: the ROR refuses it. */
  async kickOffExport(options: { types: readonly string[]; since?: string }): Promise<string> {
    const params = new URLSearchParams({ _type: options.types.join(',') });
    if (options.since) params.set('_since', options.since);
    const url = this.url(`$export?${params.toString()}`);
    const response = await this.fhir(url, { headers: { prefer: 'respond-async' } });
    const text = await this.readText(response, url);
    if (response.status !== 202) {
      if (!response.ok) throw new RorHttpError(response.status, url, operationOutcome(text));
      throw new RorMalformed(url, `statut ${response.status} au lieu de 202`);
    }
    const location = response.headers.get('content-location');
    if (!location) throw new RorMalformed(url, 'pas d’en-tête Content-Location');
    return this.url(new URL(location, `${this.base}/`).toString());
  }

  /** Polls the export's status URL while it answers 202, then reads its manifest. */
  async waitForExport(statusUrl: string, onProgress?: (p: ExportProgress) => void): Promise<ExportManifest> {
    const started = Date.now();
    const maxWait = this.options.maxExportWaitMs ?? 3_600_000;
    for (let polls = 1; ; polls++) {
      const response = await this.fhir(statusUrl);
      if (response.status === 202) {
        await response.body?.cancel().catch(() => undefined);
        onProgress?.({ progress: response.headers.get('x-progress'), polls });
        if (Date.now() - started > maxWait) throw new RorTimeoutError(statusUrl, maxWait);
        await this.sleep(retryAfterMs(response) ?? this.options.pollIntervalMs ?? 1000);
        continue;
      }
      const text = await this.readText(response, statusUrl);
      if (!response.ok) throw new RorHttpError(response.status, statusUrl, operationOutcome(text));
      let manifest: Partial<ExportManifest>;
      try {
        manifest = JSON.parse(text);
      } catch {
        throw new RorMalformed(statusUrl, 'le manifeste de l’export n’est pas du JSON');
      }
      if (!Array.isArray(manifest.output)) throw new RorMalformed(statusUrl, 'le manifeste n’a pas de liste output');
      return {
        transactionTime: manifest.transactionTime ?? new Date().toISOString(),
        request: manifest.request ?? '',
        requiresAccessToken: manifest.requiresAccessToken ?? true,
        output: manifest.output.map((o) => ({ ...o, url: this.url(new URL(o.url, `${this.base}/`).toString()) })),
        error: manifest.error ?? [],
      };
    }
  }

  /**
   * The bytes (UTF-8) of one NDJSON file of an export, in pieces of about `minLength` bytes or
   * more, each ending just after a newline (the last one, the file's tail, maybe not): whole
   * lines, never a character cut in two, that a reader may decode in another thread. Each piece
   * is the only view of its own memory (never Node's shared pool): it may be handed over to a
   * thread (transferred, not copied). The file is never held whole in memory; a timeout applies
   * between two chunks of the body.
   */
  async *ndjsonChunks(fileUrl: string, minLength = 256 * 1024): AsyncGenerator<Buffer> {
    const response = await this.fhir(fileUrl, { accept: 'application/fhir+ndjson' });
    if (!response.ok) {
      const text = await this.readText(response, fileUrl);
      throw new RorHttpError(response.status, fileUrl, operationOutcome(text));
    }
    let pieces: Uint8Array[] = [];
    let length = 0;
    for await (const bytes of bodyChunks(response)) {
      pieces.push(bytes);
      length += bytes.length;
      if (length < minLength) continue;
      const newline = bytes.lastIndexOf(0x0a);
      if (newline === -1) continue;
      // Up to the last newline of the last piece; what follows (copied) starts the next chunk.
      const tail = bytes.length - newline - 1;
      const whole = ownedConcat(pieces, length);
      pieces = tail > 0 ? [Buffer.from(whole.subarray(length - tail))] : [];
      yield whole.subarray(0, length - tail);
      length = tail;
    }
    if (length > 0) yield ownedConcat(pieces, length);
  }

  /**
   * The lines of one NDJSON file of an export, one at a time (empty lines skipped): the file is
   * never held whole in memory. A timeout applies between two chunks.
   */
  async *ndjsonLines(fileUrl: string): AsyncGenerator<string> {
    for await (const bytes of this.ndjsonChunks(fileUrl, 0)) {
      for (const line of bytes.toString('utf8').split('\n')) {
        const trimmed = line.trim();
        if (trimmed) yield trimmed;
      }
    }
  }

  /**
   * The whole bulk export: kick-off, polling, manifest, then each file's lines in turn.
   * `onProgress` hears each poll's X-Progress.
   */
  async exportAll(options: { types: readonly string[]; onProgress?: (p: ExportProgress) => void }): Promise<{
    manifest: ExportManifest;
    files: AsyncGenerator<{ index: number; type: string; url: string; lines: AsyncGenerator<string> }>;
  }> {
    const statusUrl = await this.kickOffExport({ types: options.types });
    const manifest = await this.waitForExport(statusUrl, options.onProgress);
    const client = this;
    async function* files() {
      for (const [index, file] of manifest.output.entries()) {
        yield { index, type: file.type, url: file.url, lines: client.ndjsonLines(file.url) };
      }
    }
    return { manifest, files: files() };
  }
}

/** The pieces joined into memory of their own (Buffer.concat may use Node's shared pool). */
function ownedConcat(pieces: readonly Uint8Array[], length: number): Buffer {
  const out = Buffer.allocUnsafeSlow(length);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

export function createRorClient(options: RorClientOptions): RorClient {
  return new RorClient(options);
}

/** `_lastUpdated=ge<since>&_lastUpdated=lt<until>`. */
export function windowParams(since: Date | string, until: Date | string): string {
  const from = new Date(since).toISOString();
  const to = new Date(until).toISOString();
  return `_lastUpdated=ge${encodeURIComponent(from)}&_lastUpdated=lt${encodeURIComponent(to)}`;
}

function withCount(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('_count')) u.searchParams.set('_count', String(PAGE_SIZE));
  return u.toString();
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function oauthError(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: string; error_description?: string };
    return [json.error, json.error_description].filter(Boolean).join(' — ');
  } catch {
    return text.slice(0, 200);
  }
}

function operationOutcome(text: string): string {
  try {
    const json = JSON.parse(text) as { issue?: { diagnostics?: string; details?: { text?: string } }[] };
    const issue = json.issue?.[0];
    return (issue?.diagnostics ?? issue?.details?.text ?? '').slice(0, 300);
  } catch {
    return text.slice(0, 200);
  }
}

/**
 * The body's bytes, chunk by chunk, with a timeout between chunks: a ROR that stops sending in
 * the middle of a file fails the read instead of hanging it.
 */
async function* bodyChunks(response: Response): AsyncGenerator<Uint8Array> {
  const body = response.body;
  if (!body) return;
  const reader = body.getReader();
  const idle = (response as TimedResponse)[IDLE];
  try {
    for (;;) {
      idle?.arm();
      const { done, value } = await reader.read().catch((error: unknown) => {
        throw idle?.reason() ?? error;
      });
      if (done) break;
      yield value;
    }
  } finally {
    idle?.disarm();
    reader.releaseLock();
  }
}

/** The body's text, chunk by chunk (see bodyChunks). */
async function* decodeChunks(response: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const bytes of bodyChunks(response)) yield decoder.decode(bytes, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

const IDLE = Symbol('idle-timeout');
type TimedResponse = Response & {
  [IDLE]?: { arm(): void; disarm(): void; reason(): RorError | undefined };
};

function withAbort(response: Response, controller: AbortController, url: string, timeoutMs: number): Response {
  let timer: NodeJS.Timeout | undefined;
  (response as TimedResponse)[IDLE] = {
    arm() {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new RorTimeoutError(url, timeoutMs)), timeoutMs);
    },
    disarm() {
      clearTimeout(timer);
    },
    reason() {
      return controller.signal.reason instanceof RorError ? controller.signal.reason : undefined;
    },
  };
  return response;
}
