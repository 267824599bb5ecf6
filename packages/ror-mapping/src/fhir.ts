/**
 * Defensive readers over FHIR JSON whose shape nobody vouches for (NDJSON lines, Bundle entries,
 * documentation examples). The FHIR R4 types say what a field should be; these helpers check what
 * it is, and never copy: they read in place and return primitives or the input's own objects.
 *
 * Tolerated deviations, all seen in the ANS examples: a single object where FHIR wants an array
 * (`identifier`, `type`, `address`), and a Coding written where a CodeableConcept is expected
 * (`code` beside `coding`), which the IG's own FSH examples produce.
 */
import { isCalendarDay } from '@trajectoire/domain';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EMPTY: readonly unknown[] = [];

/** The array itself, a lone value as a one-element array, nothing as an empty one. */
export function asArray(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return EMPTY;
  return [value];
}

/** A non-empty trimmed string, or null. */
export function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export interface Code {
  system: string | null;
  code: string;
  display: string | null;
}

/**
 * Calls `visit` for each coding of a CodeableConcept (or of a bare Coding in its place). A code
 * written beside `coding` takes the system of a sibling coding that has none of its own code.
 */
export function forEachCoding(
  concept: unknown,
  visit: (system: string | null, code: string, display: string | null) => void,
): void {
  if (!isRecord(concept)) return;
  let orphanSystem: string | null = null;
  const codings = asArray(concept.coding);
  for (let i = 0; i < codings.length; i++) {
    const coding = codings[i];
    if (!isRecord(coding)) continue;
    const code = str(coding.code);
    const system = str(coding.system);
    if (code === null) {
      if (system !== null) orphanSystem = system;
      continue;
    }
    visit(system, code, str(coding.display));
  }
  const ownCode = str(concept.code);
  if (ownCode !== null) visit(str(concept.system) ?? orphanSystem, ownCode, str(concept.display));
}

/** The first code of `concept` whose system contains `marker` (a TRE name such as 'TRE_R227'). */
export function codeIn(concept: unknown, marker: string): Code | null {
  let found: Code | null = null;
  forEachCoding(concept, (system, code, display) => {
    if (found === null && system !== null && system.includes(marker)) found = { system, code, display };
  });
  return found;
}

/** The first code of the first concept of `concepts` (array or not) in the `marker` system. */
export function firstCodeIn(concepts: unknown, marker: string): Code | null {
  const list = asArray(concepts);
  for (let i = 0; i < list.length; i++) {
    const found = codeIn(list[i], marker);
    if (found !== null) return found;
  }
  return null;
}

/** Every code of the concepts whose system contains `marker`, in order, without repeats. */
export function codesIn(concepts: unknown, marker: string, into: string[] = []): string[] {
  const list = asArray(concepts);
  for (let i = 0; i < list.length; i++) {
    forEachCoding(list[i], (system, code) => {
      if (system?.includes(marker) && !into.includes(code)) into.push(code);
    });
  }
  return into;
}

/** Whether a URL names the extension `name` (the ROR's are canonical URLs ending in their id). */
export function isExtension(url: unknown, name: string): boolean {
  return typeof url === 'string' && (url === name || url.endsWith(`/${name}`));
}

/** The extensions of `element` named `name`. */
export function extensionsNamed(element: unknown, name: string): Json[] {
  const out: Json[] = [];
  if (!isRecord(element)) return out;
  const list = asArray(element.extension);
  for (let i = 0; i < list.length; i++) {
    const ext = list[i];
    if (isRecord(ext) && isExtension(ext.url, name)) out.push(ext);
  }
  return out;
}

/** The first sub-extension `name` of a complex extension, or null. */
export function subExtension(extension: Json, name: string): Json | null {
  const list = asArray(extension.extension);
  for (let i = 0; i < list.length; i++) {
    const ext = list[i];
    if (isRecord(ext) && isExtension(ext.url, name)) return ext;
  }
  return null;
}

/**
 * The id a Reference points at: « Organization/123 », an absolute URL ending in it, or a history
 * version (« …/_history/2 ») all give « 123 ». Null when there is no usable reference.
 */
export function referenceId(reference: unknown, type: string): string | null {
  if (!isRecord(reference)) return null;
  let ref = str(reference.reference);
  if (ref === null) return null;
  const history = ref.indexOf('/_history/');
  if (history >= 0) ref = ref.slice(0, history);
  const marker = `${type}/`;
  const at = ref.lastIndexOf(marker);
  if (at >= 0 && (at === 0 || ref[at - 1] === '/')) {
    const id = ref.slice(at + marker.length);
    return id === '' || id.includes('/') ? null : id;
  }
  // A bare id (« 123 ») is accepted; a reference to another type is not ours.
  return ref.includes('/') ? null : ref;
}

/** FHIR's `instant`: a time with its seconds and its zone. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * `meta.lastUpdated` as given, or null when absent or not an instant: a stray value must cost
 * only its own date, not the writing of the whole batch (or export file) it travels with.
 */
export function lastUpdatedOf(resource: Json): string | null {
  const value = isRecord(resource.meta) ? str(resource.meta.lastUpdated) : null;
  return value !== null && isInstant(value) ? value : null;
}

/**
 * Whether a text is an instant Postgres takes too: a real day (not 30 February), a time of day
 * (24:00:00 at most), an offset of ±15:59 at most (Postgres refuses more, and one refused value would
 * fail its whole file's COPY). Checked by arithmetic: it runs for each of a full load's 360,000
 * resources, where `Date.parse` and a `Date` cost a microsecond each (4 % of the reading threads' CPU).
 */
export function isInstant(value: string): boolean {
  const m = INSTANT.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (year < 1 || !isCalendarDay(year, month, day)) return false;
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && (minute > 0 || second > 0))) return false;
  return m[7] === undefined || (Number(m[7]) <= 15 && Number(m[8]) <= 59);
}

/** FHIR's `active` defaults to true when absent; anything but `false` keeps it true. */
export function activeOf(resource: Json): boolean {
  return resource.active !== false;
}

/** The value of a resource id: FHIR ids are 1-64 of [A-Za-z0-9\-.]. */
export function resourceIdOf(resource: Json): string | null {
  const id = resource.id;
  return typeof id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? id : null;
}
