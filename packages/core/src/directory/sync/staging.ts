import type { CopyWriter, DB } from '@trajectoire/db';
import { copyText } from '@trajectoire/db/copy-text';
import {
  type LocationRecord,
  type Mapped,
  mapHealthcareService,
  mapLocation,
  mapOrganization,
  type OrganizationRecord,
  type ServiceRecord,
} from '@trajectoire/ror-mapping';
import type { Kysely, Transaction } from 'kysely';
import type { ByteKeySet } from './byte-key-set';
import type { SyncErrorRow } from './queries';

/**
 * Reading raw FHIR resources into mapped records: one resource (a line of an export file, an
 * entry of a search page) at a time, its failure recorded for that resource alone.
 */

export const SYNC_TYPES = ['Organization', 'Location', 'HealthcareService'] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

export type MappedResource =
  | { type: 'Organization'; id: string; record: OrganizationRecord }
  | { type: 'Location'; id: string; record: LocationRecord }
  | { type: 'HealthcareService'; id: string; record: ServiceRecord };

export type ReadOutcome =
  | { ok: true; resource: MappedResource }
  /** `partOf`: the parent the raw resource names, so a failure is still placed in its establishment. */
  | { ok: false; type: string; id: string; reason: string; partOf: string | null; known: boolean };

/** `Organization/abc` (or a full URL ending so) → `abc`. */
export function referenceId(reference: unknown): string | null {
  if (typeof reference !== 'string') return null;
  const match = /([^/]+)\/([^/]+?)(?:\/_history\/[^/]+)?$/.exec(reference);
  return match?.[2] ?? null;
}

function rawParent(resource: Record<string, unknown>): string | null {
  const ref = (field: string) => referenceId((resource[field] as { reference?: unknown } | undefined)?.reference);
  if (resource.resourceType === 'Organization') return ref('partOf');
  if (resource.resourceType === 'HealthcareService') return ref('providedBy');
  return null;
}

/** One resource, parsed (when a line) and mapped. */
export function readResource(input: unknown, where: string): ReadOutcome {
  let resource: unknown = input;
  if (typeof input === 'string') {
    try {
      resource = JSON.parse(input);
    } catch {
      return {
        ok: false,
        type: 'NDJSON',
        id: where,
        reason: 'ligne illisible : ce n’est pas du JSON (ressource ignorée)',
        partOf: null,
        known: false,
      };
    }
  }
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return {
      ok: false,
      type: 'NDJSON',
      id: where,
      reason: 'ligne illisible : pas une ressource FHIR',
      partOf: null,
      known: false,
    };
  }
  const raw = resource as Record<string, unknown>;
  const type = typeof raw.resourceType === 'string' ? raw.resourceType : 'inconnu';
  const id = typeof raw.id === 'string' && raw.id ? raw.id : null;
  if (!id) {
    return { ok: false, type, id: where, reason: 'ressource sans id : ignorée', partOf: null, known: false };
  }
  let mapped: Mapped<OrganizationRecord | LocationRecord | ServiceRecord>;
  if (type === 'Organization') mapped = mapOrganization(raw);
  else if (type === 'Location') mapped = mapLocation(raw);
  else if (type === 'HealthcareService') mapped = mapHealthcareService(raw);
  else
    return {
      ok: false,
      type,
      id,
      reason: `type de ressource inattendu « ${type} » : ignorée`,
      partOf: null,
      known: false,
    };
  if (!mapped.ok) return { ok: false, type, id, reason: mapped.reason, partOf: rawParent(raw), known: true };
  return { ok: true, resource: { type, id, record: mapped.value } as MappedResource };
}

/**
 * A chunk's rows, packed to cross between threads cheaply (bytes moved, not one object per row):
 * row i is the i-th line of `keys` and the i-th line of `copy`.
 */
export interface ReadChunk {
  /** Each row's type and id, `type\tid` in UTF-8, rows separated by `\n`. */
  keys: Uint8Array;
  /** The rows' COPY text in UTF-8, one line (`\n` included) per row: COPY escapes any other newline. */
  copy: Uint8Array;
  rows: number;
  /** Lines that could not be read or mapped, each for its resource (or its line) alone. */
  errors: SyncErrorRow[];
  /** Lines not even a resource could be told from: its type unknown, nothing of it is closed. */
  unreadable: number;
}

/**
 * A staged row's columns after run_id, resource_type and ror_id, in COPY's order: what ror-mapping's
 * record of each type gives, typed (migration ror_staging_typed), so Postgres neither builds nor
 * takes apart a jsonb per record. `error` marks a resource the ROR has that could not be mapped.
 */
export const STAGED_COLUMNS = [
  'part_of',
  'error',
  'level',
  'name',
  'finess',
  'category',
  'category_code',
  'address',
  'postal_code',
  'city',
  'departement',
  'phone',
  'email',
  'active',
  'last_updated',
  'kind',
  'offer_type',
  'activity_field',
  'operational_activities',
  'care_modes',
  'publics',
  'ror_resources',
  'ror_comfort_services',
  'location_ids',
  'capacity',
  'capacity_unit',
  'capacities',
  'equipment',
] as const;
type StagedColumn = (typeof STAGED_COLUMNS)[number];
type StagedValue = string | number | boolean | readonly string[] | null;

export interface StagedRow {
  type: SyncType;
  id: string;
  /** Those of STAGED_COLUMNS the record fills; the others are null. `capacities` is JSON text. */
  columns: Partial<Record<StagedColumn, StagedValue>>;
}

export function stagedRowOf(outcome: ReadOutcome): StagedRow | undefined {
  if (outcome.ok) {
    const { resource } = outcome;
    return { type: resource.type, id: resource.id, columns: recordColumns(resource) };
  }
  // A resource the ROR has but that could not be read is staged as such: the full load knows it
  // exists (it is not closed for that) and its establishment shows the error.
  if (!outcome.known) return undefined;
  return {
    type: outcome.type as SyncType,
    id: outcome.id,
    columns: { part_of: outcome.partOf, error: outcome.reason },
  };
}

function recordColumns(resource: MappedResource): StagedRow['columns'] {
  if (resource.type === 'Organization') {
    const r = resource.record;
    return {
      part_of: r.partOf,
      level: r.level,
      name: r.name,
      finess: r.finess,
      category: r.category,
      category_code: r.categoryCode,
      address: r.address,
      postal_code: r.postalCode,
      city: r.city,
      departement: r.departement,
      phone: r.phone,
      email: r.email,
      active: r.active,
      last_updated: r.lastUpdated,
    };
  }
  if (resource.type === 'Location') {
    const r = resource.record;
    return {
      capacity: r.capacity,
      capacity_unit: r.capacityUnit,
      capacities: JSON.stringify(r.capacities),
      equipment: r.equipment,
      last_updated: r.lastUpdated,
    };
  }
  const r = resource.record;
  return {
    part_of: r.providedBy,
    name: r.name,
    kind: r.kind,
    offer_type: r.offerType,
    activity_field: r.activityField,
    operational_activities: r.operationalActivities,
    care_modes: r.careModes,
    publics: r.publics,
    ror_resources: r.rorResources,
    ror_comfort_services: r.rorComfortServices,
    location_ids: r.locationIds,
    active: r.active,
    last_updated: r.lastUpdated,
  };
}

/** A staged row as one line of COPY's text format, its columns in STAGING_COPY's order. */
export function stagingLine(runId: string, row: StagedRow): string {
  let line = `${runId}\t${row.type}\t${copyText(row.id)}`;
  for (const column of STAGED_COLUMNS) line += `\t${copyValue(row.columns[column] ?? null)}`;
  return `${line}\n`;
}

function copyValue(value: StagedValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return copyText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return copyText(textArray(value));
}

/** A `text[]` literal, every element quoted (so that none reads as NULL or splits). */
function textArray(values: readonly string[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    literal += `${i > 0 ? ',' : ''}"${/["\\]/.test(value) ? value.replace(/["\\]/g, '\\$&') : value}"`;
  }
  return `${literal}}`;
}

/**
 * Writes staged rows (their COPY text made by readChunk) through one COPY (the caller's, into
 * STAGING_COPY), a chunk of text at a time: reading and mapping go on while Postgres stores the
 * chunk before. Duplicates are found here, against `seen` (the keys, `type\tid`, already staged
 * for the run: loaded by the caller, then kept up to date): the same resource twice in the export
 * is an error for that resource, the first one read is kept.
 */
export class StagingCopy {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  readonly duplicates: SyncErrorRow[] = [];

  constructor(
    private readonly copy: CopyWriter,
    private readonly seen: ByteKeySet,
  ) {}

  /**
   * Adds a chunk's rows, but those already staged; resolves at once, or once Postgres has caught
   * up with the rows before.
   */
  addChunk(chunk: ReadChunk): Promise<void> | undefined {
    const { keys } = chunk;
    let dropped: Set<number> | undefined;
    for (let i = 0, start = 0; i < chunk.rows; i++) {
      let end = keys.indexOf(0x0a, start);
      if (end === -1) end = keys.length;
      if (!this.seen.add(keys, start, end)) {
        const key = Buffer.from(keys.buffer, keys.byteOffset + start, end - start).toString('utf8');
        const tab = key.indexOf('\t');
        dropped ??= new Set();
        dropped.add(i);
        this.duplicates.push({
          resourceType: key.slice(0, tab),
          resourceId: key.slice(tab + 1),
          reason: 'identifiant en double dans l’export du ROR : seule la première ressource lue est gardée',
        });
      }
      start = end + 1;
    }
    // Usually no duplicate: the chunk's bytes go as they are, not row by row.
    if (!dropped) this.push(chunk.copy);
    else {
      let start = 0;
      for (let i = 0; i < chunk.rows; i++) {
        const end = chunk.copy.indexOf(0x0a, start) + 1;
        if (!dropped.has(i)) this.push(chunk.copy.subarray(start, end));
        start = end;
      }
    }
    if (this.pendingBytes < 256 * 1024) return undefined;
    return this.copy.write(this.take());
  }

  async end(): Promise<void> {
    if (this.pendingBytes > 0) await this.copy.write(this.take());
    await this.copy.end();
  }

  private push(bytes: Uint8Array) {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private take(): Uint8Array {
    const bytes = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return bytes;
  }
}

export const STAGING_COPY = `copy ror_sync_staging (run_id, resource_type, ror_id, ${STAGED_COLUMNS.join(', ')}) from stdin`;

export function clearStaging(db: Kysely<DB> | Transaction<DB>, runId: string) {
  return db.deleteFrom('ror_sync_staging').where('run_id', '=', runId).execute();
}
