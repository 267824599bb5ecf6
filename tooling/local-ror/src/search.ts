import { randomBytes } from 'node:crypto';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { LastUpdatedIndex } from './last-updated-index';
import type { RorResource, RorResourceType } from './resources';
import type { RorStore } from './store';

/** The largest page (`_count` above it is lowered to it), and the default one. */
export const MAX_PAGE_SIZE = 200;
/** A search serves at most this many matches (HAPI's limit on the ROR); `total` still says them all. */
export const MAX_SEARCH_RESULTS = 10_000;

export const SEARCH_TYPES: readonly RorResourceType[] = ['Organization', 'HealthcareService', 'Location'];

/** A search the client got wrong: answered 400 with an OperationOutcome. */
export class SearchError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Include = { source: RorResourceType; param: string; iterate: boolean; reverse: boolean };

interface StoredSearch {
  type: RorResourceType;
  /** The first MAX_SEARCH_RESULTS matches' ids, in order. */
  ids: string[];
  total: number;
  count: number;
  includes: Include[];
  /** Opaque page token → offset. */
  pages: Map<string, number>;
  usedAt: number;
}

const SEARCH_TTL_MS = 60 * 60 * 1000;
const MAX_STORED_SEARCHES = 500;

/** References a resource of `source` makes through `param` (what _include follows). */
const FORWARD: Record<string, (r: RorResource) => string[]> = {
  'HealthcareService:organization': (r) =>
    r.resourceType === 'HealthcareService' && r.providedBy?.reference ? [r.providedBy.reference] : [],
  'HealthcareService:location': (r) =>
    r.resourceType === 'HealthcareService' ? (r.location ?? []).flatMap((l) => (l.reference ? [l.reference] : [])) : [],
  'Organization:partof': (r) => (r.resourceType === 'Organization' && r.partOf?.reference ? [r.partOf.reference] : []),
  'Location:organization': (r) =>
    r.resourceType === 'Location' && r.managingOrganization?.reference ? [r.managingOrganization.reference] : [],
};

/**
 * Searches over the store, as the ROR's HAPI server answers them: matches are kept once per
 * search (later pages are stable), pages are reached through opaque tokens, and no page reaches
 * past the 10,000th match.
 */
export class SearchEngine {
  private readonly searches = new Map<string, StoredSearch>();
  private readonly lastUpdated: LastUpdatedIndex;

  constructor(private readonly store: RorStore) {
    this.lastUpdated = new LastUpdatedIndex(store);
  }

  clear(): void {
    this.searches.clear();
  }

  /** A new search: `GET [base]/<type>?params`. */
  search(type: string, params: URLSearchParams, base: string): Bundle {
    if (!(SEARCH_TYPES as readonly string[]).includes(type))
      throw new SearchError(`Unknown resource type: ${type}`, 404);
    const resourceType = type as RorResourceType;
    const includes: Include[] = [];
    let count = MAX_PAGE_SIZE;
    const ranges: [number, number][] = [];
    let ids: Set<string> | undefined;
    let identifiers: Set<string> | undefined;
    let sort: 'asc' | 'desc' | undefined;
    for (const [name, value] of params) {
      if (name === '_lastUpdated') ranges.push(dateRange(value));
      else if (name === '_count') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new SearchError(`Invalid _count: ${value}`);
        count = Math.min(n, MAX_PAGE_SIZE);
      } else if (name === '_id') ids = new Set([...(ids ?? []), ...value.split(',')]);
      else if (name === 'identifier' && resourceType === 'Organization')
        identifiers = new Set([...(identifiers ?? []), ...value.split(',').map((v) => v.slice(v.indexOf('|') + 1))]);
      else if (
        name === '_include' ||
        name === '_include:iterate' ||
        name === '_revinclude' ||
        name === '_revinclude:iterate'
      )
        includes.push(parseInclude(name, value));
      else if (name === '_sort') {
        if (value === '_lastUpdated') sort = 'asc';
        else if (value === '-_lastUpdated') sort = 'desc';
        else throw new SearchError(`Unsupported _sort: ${value} (only _lastUpdated and -_lastUpdated)`);
      } else if (name === '_total' || name === '_format') {
        // accepted, no effect: the total is always given, the format is always JSON
      } else throw new SearchError(`Unknown search parameter ${name} for ${resourceType}`);
    }

    const resources = this.store.resources;
    // By `_lastUpdated` alone (a delta): its index gives the few resources in the window.
    const candidates =
      ranges.length > 0 && !ids && !identifiers
        ? this.lastUpdated.ids(
            resourceType,
            Math.max(...ranges.map(([from]) => from)),
            Math.min(...ranges.map(([, to]) => to)),
          )
        : candidateIds(this.store, resourceType, ids, identifiers);
    const matched: { id: string; at: number }[] = [];
    const matchedIds: string[] = [];
    let total = 0;
    for (const id of candidates) {
      if (!resources.exists(resourceType, id)) continue;
      const at = resources.lastUpdatedMs(resourceType, id);
      if (!ranges.every(([from, to]) => at >= from && at < to)) continue;
      total++;
      if (sort) matched.push({ id, at });
      else if (matchedIds.length < MAX_SEARCH_RESULTS) matchedIds.push(id);
    }
    if (sort) {
      matched.sort((a, b) => (sort === 'asc' ? a.at - b.at : b.at - a.at) || (a.id < b.id ? -1 : 1));
      for (const m of matched.slice(0, MAX_SEARCH_RESULTS)) matchedIds.push(m.id);
    }

    this.evict();
    const searchId = token();
    const stored: StoredSearch = {
      type: resourceType,
      ids: matchedIds,
      total,
      count,
      includes,
      pages: new Map(),
      usedAt: Date.now(),
    };
    this.searches.set(searchId, stored);
    const self = `${base}/${resourceType}?${params.toString()}`;
    return this.page(searchId, stored, 0, base, self);
  }

  /** A further page: `GET [base]?_getpages=<token>`. */
  nextPage(pageToken: string, base: string): Bundle {
    for (const [searchId, stored] of this.searches) {
      const offset = stored.pages.get(pageToken);
      if (offset === undefined) continue;
      stored.usedAt = Date.now();
      return this.page(searchId, stored, offset, base, `${base}?_getpages=${pageToken}`);
    }
    throw new SearchError('Search page not found or expired: start the search again', 410);
  }

  private page(searchId: string, stored: StoredSearch, offset: number, base: string, self: string): Bundle {
    if (offset >= MAX_SEARCH_RESULTS)
      throw new SearchError(
        `A search returns at most ${MAX_SEARCH_RESULTS} results (this one matched ${stored.total}): narrow it, e.g. by _lastUpdated`,
      );
    const end = Math.min(offset + stored.count, stored.ids.length, MAX_SEARCH_RESULTS);
    const matches: RorResource[] = [];
    for (const id of stored.ids.slice(offset, end)) {
      const r = this.store.read(stored.type, id);
      if (r) matches.push(r);
    }
    const included = this.includes(matches, stored.includes);
    const link: Bundle['link'] = [{ relation: 'self', url: self }];
    if (end < stored.total && stored.count > 0) {
      const next = token();
      stored.pages.set(next, end);
      link.push({ relation: 'next', url: `${base}?_getpages=${next}` });
    }
    const entry: BundleEntry[] = [
      ...matches.map((resource) => ({
        fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'match' as const },
      })),
      ...included.map((resource) => ({
        fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'include' as const },
      })),
    ];
    return {
      resourceType: 'Bundle',
      id: searchId,
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      total: stored.total,
      link,
      entry,
    };
  }

  /**
   * _include / _revinclude: every one applies to the matches; the `:iterate` ones then apply
   * again to what was included, until nothing new comes. A plain `_include=Organization:partof`
   * on a HealthcareService search therefore adds nothing (no match is an Organization), and on an
   * Organization search climbs one level only.
   */
  private includes(matches: RorResource[], includes: Include[]): RorResource[] {
    if (includes.length === 0 || matches.length === 0) return [];
    const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
    const out: RorResource[] = [];
    let frontier = matches;
    let first = true;
    while (frontier.length > 0) {
      const added: RorResource[] = [];
      for (const inc of includes) {
        if (!first && !inc.iterate) continue;
        for (const r of frontier) {
          for (const ref of this.follow(r, inc)) {
            if (seen.has(ref)) continue;
            seen.add(ref);
            const [type, id] = ref.split('/') as [RorResourceType, string];
            const found = this.store.read(type, id);
            if (found) added.push(found);
          }
        }
      }
      out.push(...added);
      frontier = added;
      first = false;
    }
    return out;
  }

  private follow(r: RorResource, inc: Include): string[] {
    const key = `${inc.source}:${inc.param}`;
    const resources = this.store.resources;
    if (!inc.reverse) return r.resourceType === inc.source ? (FORWARD[key]?.(r) ?? []) : [];
    const id = r.id as string;
    // Reverse: resources of `source` whose `param` points at r.
    switch (key) {
      case 'Organization:partof':
        return r.resourceType === 'Organization' ? resources.childrenOf(id).map((c) => `Organization/${c}`) : [];
      case 'HealthcareService:organization':
        return r.resourceType === 'Organization' && id.startsWith('uf-') ? [`HealthcareService/${id.slice(3)}`] : [];
      case 'HealthcareService:location':
        return r.resourceType === 'Location' ? [`HealthcareService/${id.slice(4)}`] : [];
      case 'Location:organization':
        return r.resourceType === 'Organization' && id.startsWith('uf-') ? [`Location/loc-${id.slice(3)}`] : [];
      default:
        return [];
    }
  }

  private evict(): void {
    const now = Date.now();
    for (const [id, s] of this.searches) if (now - s.usedAt > SEARCH_TTL_MS) this.searches.delete(id);
    while (this.searches.size >= MAX_STORED_SEARCHES) {
      const oldest = this.searches.keys().next().value as string;
      this.searches.delete(oldest);
    }
  }
}

function token(): string {
  return randomBytes(18).toString('base64url');
}

const INCLUDES = new Set([...Object.keys(FORWARD)]);
const REVINCLUDES = new Set([
  'Organization:partof',
  'HealthcareService:organization',
  'HealthcareService:location',
  'Location:organization',
]);

function parseInclude(name: string, value: string): Include {
  const reverse = name.startsWith('_revinclude');
  const [source, param, target] = value.split(':');
  const key = `${source}:${param}`;
  if (!(reverse ? REVINCLUDES : INCLUDES).has(key) || (target && target !== 'Organization' && target !== 'Location'))
    throw new SearchError(
      `Unsupported ${name}=${value}; supported: ${[...(reverse ? REVINCLUDES : INCLUDES)].join(', ')}`,
    );
  return { source: source as RorResourceType, param: param as string, iterate: name.endsWith(':iterate'), reverse };
}

function* candidateIds(
  store: RorStore,
  type: RorResourceType,
  ids: Set<string> | undefined,
  identifiers: Set<string> | undefined,
): Generator<string> {
  const resources = store.resources;
  if (identifiers) {
    const found = new Set([...identifiers].flatMap((v) => resources.organizationsByIdentifier(v)));
    for (const id of found) if (!ids || ids.has(id)) yield id;
    return;
  }
  if (ids) {
    yield* ids;
    return;
  }
  if (type === 'Organization') {
    yield* resources.organizationIds();
    return;
  }
  for (let u = 0; u < resources.unitCount; u++) {
    const key = resources.unitAt(u).unit.key;
    yield type === 'Location' ? `loc-${key}` : key;
  }
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A `_lastUpdated` criterion as a half-open range [from, to) of ms. The value's precision makes
 * its own range (2025-03 is all of March), as FHIR says: ge → from its start, gt → from its end,
 * lt → before its start, le → before its end, eq (or no prefix) → within it.
 */
export function dateRange(raw: string): [number, number] {
  // An unencoded « + » of a time zone arrives as a space.
  const text = raw.replaceAll(' ', '+');
  const prefix = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)/.exec(text)?.[1] ?? 'eq';
  const value = text.startsWith(prefix) ? text.slice(prefix.length) : text;
  const m = DATE.exec(value);
  if (!m || ['ne', 'sa', 'eb', 'ap'].includes(prefix)) throw new SearchError(`Invalid _lastUpdated: ${raw}`);
  const [, y, mo, d, h, , s, frac, zone] = m;
  if (h !== undefined && zone === undefined) throw new SearchError(`_lastUpdated needs a time zone: ${raw}`);
  let start: number;
  let end: number;
  if (h !== undefined) {
    start = Date.parse(value);
    end = start + (frac ? 1 : s !== undefined ? 1000 : 60_000);
  } else {
    const year = Number(y);
    if (d !== undefined) {
      start = Date.UTC(year, Number(mo) - 1, Number(d));
      end = Date.UTC(year, Number(mo) - 1, Number(d) + 1);
    } else if (mo !== undefined) {
      start = Date.UTC(year, Number(mo) - 1, 1);
      end = Date.UTC(year, Number(mo), 1);
    } else {
      start = Date.UTC(year, 0, 1);
      end = Date.UTC(year + 1, 0, 1);
    }
  }
  if (Number.isNaN(start)) throw new SearchError(`Invalid _lastUpdated: ${raw}`);
  switch (prefix) {
    case 'ge':
      return [start, Number.POSITIVE_INFINITY];
    case 'gt':
      return [end, Number.POSITIVE_INFINITY];
    case 'lt':
      return [Number.NEGATIVE_INFINITY, start];
    case 'le':
      return [Number.NEGATIVE_INFINITY, end];
    default:
      return [start, end];
  }
}
