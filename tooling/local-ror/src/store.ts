import type { Directory } from '@trajectoire/demo-data/dataset';
import {
  type FhirResources,
  fhirResources,
  hashOf,
  type ResourcePatch,
  type RorResource,
  type RorResourceType,
} from './resources';

/** What the local ROR can be told to do wrong (admin endpoint or LOCAL_ROR_FAULTS). */
export interface Faults {
  /** FHIR requests after this many (counted from when the faults were set) answer `status`. */
  failAfterRequests?: number;
  /** The status of those failures (default 503). */
  status?: number;
  /** FHIR requests after this many never answer (until the faults are changed, a reset or close). */
  hangAfterRequests?: number;
  /** This resource (any type) is served malformed wherever it appears (read, search, export). */
  malformedResourceId?: string;
  /** This line (1-based) of every NDJSON file, or of the files of one type, is cut in the middle. */
  malformedNdjsonLine?: number | { type: RorResourceType; line: number };
  /** Every FHIR request and token request waits this long before answering. */
  delayMs?: number;
  /** The token endpoint refuses every client, and tokens already issued are refused (401). */
  refuseTokens?: boolean;
}

export interface ChangeSummary {
  healthcareService: string;
  location: string;
  name?: string;
  capacity: number;
}

/**
 * The local ROR's state: the dataset (immutable) and the small overlay of what the admin
 * endpoint changed, deleted or inactivated. Resources are derived from both on the fly.
 */
export class RorStore {
  readonly resources: FhirResources;
  private readonly overlay = new Map<string, ResourcePatch>();
  private lastStamp = 0;
  private changeRound = 0;
  /** Bumped by every change, deletion, inactivation or reset: files built at an earlier one are stale. */
  version = 0;

  constructor(readonly directory: Directory) {
    this.resources = fhirResources(directory, { overlay: this.overlay });
  }

  /** A lastUpdated strictly after every earlier one, and not before now. */
  private stamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  private patch(type: RorResourceType, id: string, change: Omit<ResourcePatch, 'lastUpdated' | 'versionId'>) {
    const key = `${type}/${id}`;
    this.version++;
    const before = this.overlay.get(key);
    this.overlay.set(key, { ...before, ...change, lastUpdated: this.stamp(), versionId: (before?.versionId ?? 1) + 1 });
  }

  /** `Type/id` or a bare generated id → its type and id, when it exists (deleted or not). */
  resolve(ref: string): { type: RorResourceType; id: string } | undefined {
    const slash = ref.indexOf('/');
    const id = slash >= 0 ? ref.slice(slash + 1) : ref;
    const type = this.resources.typeOf(id);
    if (!type || (slash >= 0 && ref.slice(0, slash) !== type)) return undefined;
    return { type, id };
  }

  /**
   * Changes `count` units (never the same twice in one call, never a deleted one): the place's
   * installed capacity, and every other one the name of the offer and its place. Both the
   * HealthcareService and its Location get a new lastUpdated. `seed` picks which; without it each
   * call picks others.
   */
  change(count: number, seed?: number): ChangeSummary[] {
    const round = seed ?? ++this.changeRound;
    const { resources } = this;
    const eligible = resources.unitCount;
    const chosen = new Set<number>();
    const changes: ChangeSummary[] = [];
    for (let k = 0; chosen.size < Math.min(count, eligible) && k < eligible * 4 + count * 4; k++) {
      const u = hashOf(`${round}:${k}`) % eligible;
      if (chosen.has(u)) continue;
      const { unit } = resources.unitAt(u);
      const serviceId = unit.key;
      const locationId = `loc-${unit.key}`;
      if (!resources.exists('HealthcareService', serviceId) || !resources.exists('Location', locationId)) continue;
      chosen.add(u);
      const version = this.overlay.get(`Location/${locationId}`)?.versionId ?? 1;
      const capacity = Math.max(1, unit.capacity + ((hashOf(`${round}:${u}`) % 7) - 3 || 1));
      const renamed = changes.length % 2 === 1 ? `${unit.name} (v${version + 1})` : undefined;
      this.patch('Location', locationId, { capacity, ...(renamed ? { name: renamed } : {}) });
      this.patch('HealthcareService', serviceId, renamed ? { name: renamed } : {});
      changes.push({
        healthcareService: serviceId,
        location: locationId,
        capacity,
        ...(renamed ? { name: renamed } : {}),
      });
    }
    return changes;
  }

  /** Deletes resources: they vanish from reads, searches and exports, as deletions do in the ROR. */
  delete(refs: readonly string[]): { done: string[]; unknown: string[] } {
    return this.each(refs, (type, id) => this.patch(type, id, { deleted: true }));
  }

  /** Makes resources inactive (active=false, a Location's status inactive), with a new lastUpdated. */
  inactivate(refs: readonly string[]): { done: string[]; unknown: string[] } {
    return this.each(refs, (type, id) => this.patch(type, id, { active: false }));
  }

  private each(refs: readonly string[], act: (type: RorResourceType, id: string) => void) {
    const done: string[] = [];
    const unknown: string[] = [];
    for (const ref of refs) {
      const found = this.resolve(ref);
      if (!found || !this.resources.exists(found.type, found.id)) {
        unknown.push(ref);
        continue;
      }
      act(found.type, found.id);
      done.push(`${found.type}/${found.id}`);
    }
    return { done, unknown };
  }

  reset(): void {
    this.version++;
    this.overlay.clear();
    this.changeRound = 0;
  }

  /** Whether the admin endpoint changed, deleted or inactivated this resource. */
  isPatched(type: RorResourceType, id: string): boolean {
    return this.overlay.has(`${type}/${id}`);
  }

  /** The resources of one type the admin endpoint changed, deleted or inactivated, with what it did. */
  *patched(type: RorResourceType): Generator<[id: string, patch: ResourcePatch]> {
    const prefix = `${type}/`;
    for (const [key, patch] of this.overlay) if (key.startsWith(prefix)) yield [key.slice(prefix.length), patch];
  }

  overlaySummary() {
    const changed: string[] = [];
    const deleted: string[] = [];
    const inactivated: string[] = [];
    for (const [key, patch] of this.overlay) {
      if (patch.deleted) deleted.push(key);
      else if (patch.active === false) inactivated.push(key);
      else changed.push(key);
    }
    return { changed, deleted, inactivated };
  }

  /** A resource served malformed wherever it appears (a fault). */
  malformedId: string | undefined;

  read(type: RorResourceType, id: string): RorResource | undefined {
    const resource = this.resources.read(type, id);
    return resource && id === this.malformedId ? malformed(resource) : resource;
  }
}

/**
 * The same resource broken as a faulty ROR instance could send it: right type and id (so a client
 * can name it), wrong shapes everywhere else.
 */
function malformed(resource: RorResource): RorResource {
  const broken: Record<string, unknown> = {
    resourceType: resource.resourceType,
    id: resource.id,
    meta: resource.meta,
    identifier: 'not-a-list',
    name: 42,
  };
  if (resource.resourceType === 'HealthcareService') broken.providedBy = `uf-${resource.id}`;
  if (resource.resourceType === 'Organization') broken.partOf = 12;
  if (resource.resourceType === 'Location') broken.extension = { url: 1 };
  return broken as unknown as RorResource;
}
