import {
  type EstablishmentField,
  isCoverageEntry,
  isUnitKind,
  type RorCodeSystem,
  rorCodeText,
  rorResourceText,
  UNIT_KIND_LABELS,
  type UnitField,
} from '@trajectoire/domain';

/** How a field is typed: one line, several lines, a list (one entry a line), a number, a choice. */
export type FieldKind = 'text' | 'textarea' | 'list' | 'number' | 'unitKind' | 'capacityUnit';

export const ESTABLISHMENT_FORM: readonly { field: EstablishmentField; kind: FieldKind; maxlength: number }[] = [
  { field: 'name', kind: 'text', maxlength: 200 },
  { field: 'finess', kind: 'text', maxlength: 9 },
  { field: 'legalEntityName', kind: 'text', maxlength: 200 },
  { field: 'legalEntityFiness', kind: 'text', maxlength: 9 },
  { field: 'category', kind: 'text', maxlength: 200 },
  { field: 'address', kind: 'text', maxlength: 300 },
  { field: 'postalCode', kind: 'text', maxlength: 5 },
  { field: 'city', kind: 'text', maxlength: 100 },
  { field: 'departement', kind: 'text', maxlength: 3 },
  { field: 'phone', kind: 'text', maxlength: 30 },
  { field: 'email', kind: 'text', maxlength: 254 },
  { field: 'description', kind: 'textarea', maxlength: 4000 },
  { field: 'accessItinerary', kind: 'textarea', maxlength: 4000 },
];

/**
 * What a field's entries are coded in, when they are ROR codes: a NOS terminology, or `resources`
 * for the ROR's technical resources (« acte:0320 », « equipement:E12 »).
 */
export type FieldCodes = RorCodeSystem | 'resources';

export const UNIT_FORM: readonly { field: UnitField; kind: FieldKind; maxlength: number; codes?: FieldCodes }[] = [
  { field: 'name', kind: 'text', maxlength: 200 },
  { field: 'kind', kind: 'unitKind', maxlength: 20 },
  { field: 'offerType', kind: 'text', maxlength: 200, codes: 'offerType' },
  { field: 'activityField', kind: 'text', maxlength: 200, codes: 'activityField' },
  { field: 'operationalActivities', kind: 'list', maxlength: 4000, codes: 'operationalActivity' },
  { field: 'careModes', kind: 'list', maxlength: 4000, codes: 'careMode' },
  { field: 'publics', kind: 'list', maxlength: 4000, codes: 'public' },
  { field: 'capacity', kind: 'number', maxlength: 6 },
  { field: 'capacityUnit', kind: 'capacityUnit', maxlength: 10 },
  { field: 'rorResources', kind: 'list', maxlength: 4000, codes: 'resources' },
  { field: 'rorComfortServices', kind: 'list', maxlength: 4000 },
  { field: 'internalCode', kind: 'text', maxlength: 50 },
  { field: 'description', kind: 'textarea', maxlength: 4000 },
  { field: 'localResources', kind: 'list', maxlength: 4000 },
  { field: 'localComfortServices', kind: 'list', maxlength: 4000 },
  { field: 'pathologies', kind: 'list', maxlength: 4000 },
  { field: 'filiere', kind: 'text', maxlength: 200 },
  { field: 'coverage', kind: 'list', maxlength: 20000 },
];

type Value = string | number | string[] | null;

/** A list as typed: one entry a line (commas also separate coverage codes). */
export function parseList(text: string, separators: RegExp = /\n/): string[] {
  return text
    .split(separators)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** The value a field shows in its input. */
export function shown(value: unknown): string {
  if (Array.isArray(value)) return value.join('\n');
  if (value === null || value === undefined) return '';
  return String(value);
}

function typed(kind: FieldKind, field: string, text: string): Value {
  switch (kind) {
    case 'list':
      return field === 'coverage' ? parseList(text.toUpperCase(), /[\n,;\s]+/) : parseList(text);
    case 'number':
      return text.trim() === '' ? null : Number(text.trim());
    case 'capacityUnit':
      return text === '' ? null : text;
    default:
      return text.trim();
  }
}

const same = (a: unknown, b: unknown) => shown(a) === shown(b);

/**
 * What the person changed among the fields they may edit, typed as the server takes them;
 * unchanged fields are left out, so that a ROR field is never sent back as it was.
 */
export function changesOf<F extends string>(
  form: FormData | URLSearchParams,
  spec: readonly { field: F; kind: FieldKind }[],
  original: object,
  readOnly: readonly string[],
): Record<string, Value> {
  const changes: Record<string, Value> = {};
  for (const { field, kind } of spec) {
    if (readOnly.includes(field)) continue;
    const raw = form.get(field);
    if (typeof raw !== 'string') continue;
    const value = typed(kind, field, raw);
    const before = (original as Record<string, unknown>)[field];
    if (!same(value, before ?? (kind === 'list' ? [] : kind === 'number' || kind === 'capacityUnit' ? null : '')))
      changes[field] = value;
  }
  return changes;
}

/** Field errors found before asking the server: a capacity that is no count, coverage codes that are not codes. */
export function checkUnitChanges(
  changes: Record<string, Value>,
  messages: { coverage: (wrong: string[]) => string; capacity: string },
): Record<string, string> {
  const errors: Record<string, string> = {};
  const coverage = changes.coverage;
  if (Array.isArray(coverage)) {
    const wrong = coverage.filter((entry) => !isCoverageEntry(entry));
    if (wrong.length > 0) errors.coverage = messages.coverage(wrong);
  }
  const capacity = changes.capacity;
  if (typeof capacity === 'number' && (!Number.isInteger(capacity) || capacity < 0))
    errors.capacity = messages.capacity;
  return errors;
}

/**
 * A coded value as people read it: each code named, with the code after it
 * (« Hospitalisation complète (HC) — 28 »), unknown codes as sent; one entry a line.
 */
export function codedText(codes: FieldCodes, value: unknown): string {
  const text = (code: string) => (codes === 'resources' ? rorResourceText(code) : rorCodeText(codes, code));
  if (Array.isArray(value)) return value.map((entry) => text(String(entry))).join('\n');
  if (typeof value === 'string' && value !== '') return text(value);
  return shown(value);
}

/** A unit's kind as people read it (a kind the portal does not know yet shows as sent). */
export function kindLabel(kind: string): string {
  return isUnitKind(kind) ? UNIT_KIND_LABELS[kind] : kind;
}
