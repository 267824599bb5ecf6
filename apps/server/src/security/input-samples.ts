import { randomUUID } from 'node:crypto';

/**
 * Valid-shaped sample inputs generated from zod v4 schemas, for the attack suite: each sample
 * lists where its strings are, so that a test can poison one string at a time while the rest
 * of the input stays valid (and the call reaches the services unless the schema refuses it).
 * Test support only: it reads zod's internal definitions (`_zod.def`).
 */

export type Path = (string | number)[];

export interface StringField {
  path: Path;
  /** A value this field's own schema accepts. */
  valid: string;
  /** The field's schema, to tell its refusals apart. */
  schema: Parseable;
}

export interface Sample {
  value: unknown;
  strings: StringField[];
}

interface Parseable {
  safeParse(value: unknown): { success: boolean };
}
interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

// Tried in order; the first one the field's own schema accepts is its sample. A free text gets
// the first, a département the third, a phone the fourth, a token the seventh…
const STRING_CANDIDATES = [
  'Fuzz-Texte-Valide-2026!',
  '',
  '69',
  '06 12 34 56 78',
  '123456',
  '2026-06-15',
  'A'.repeat(43),
  'fuzz.sample@example.test',
  // The directory's: an instant (a record's version), a FINESS number, a commune or postal code.
  '2026-06-15T09:00:00.000Z',
  '690000013',
  '38500',
];
const NUMBER_CANDIDATES = [1, 20, 0, 2026];

/** Whether the schema takes a string as input (a string, or a pipe from one: trim → email, phone → E.164). */
function takesString(schema: unknown): boolean {
  let def = defOf(schema);
  while (def.type === 'pipe') def = defOf(def.in);
  return def.type === 'string';
}

function pick<T>(schema: Parseable, candidates: readonly T[], path: Path): T {
  const found = candidates.find((c) => schema.safeParse(c).success);
  if (found === undefined) throw new Error(`no sample value fits the schema at ${formatPath(path)}: add a candidate`);
  return found;
}

/**
 * Samples of the schema's input: one with every field present (optional ones included, to reach
 * their strings), and one more per extra branch of each union (a discriminated union's every
 * option is sampled), the rest of the input staying as in the first.
 */
export function samplesOf(schema: unknown, path: Path = []): Sample[] {
  if (takesString(schema)) {
    const valid = pick(schema as Parseable, [...STRING_CANDIDATES, randomUUID()], path);
    return [{ value: valid, strings: [{ path, valid, schema: schema as Parseable }] }];
  }
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = Object.entries(def.shape as Record<string, unknown>).map(
        ([key, field]) => [key, samplesOf(field, [...path, key])] as const,
      );
      const combine = (replaced?: string, replacement?: Sample): Sample => {
        const value: Record<string, unknown> = {};
        const strings: StringField[] = [];
        for (const [key, samples] of shape) {
          const sample = key === replaced && replacement ? replacement : (samples[0] as Sample);
          value[key] = sample.value;
          strings.push(...sample.strings);
        }
        return { value, strings };
      };
      return [combine(), ...shape.flatMap(([key, samples]) => samples.slice(1).map((s) => combine(key, s)))];
    }
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return samplesOf(def.innerType, path);
    case 'pipe':
      return samplesOf(def.in, path);
    case 'lazy':
      return samplesOf((def.getter as () => unknown)(), path);
    case 'union':
      return (def.options as unknown[]).flatMap((option) => samplesOf(option, path));
    case 'array':
      return samplesOf(def.element, [...path, 0]).map((s) => ({ value: [s.value], strings: s.strings }));
    case 'enum':
      return [{ value: Object.values(def.entries as Record<string, unknown>)[0], strings: [] }];
    case 'literal':
      return [{ value: (def.values as unknown[])[0], strings: [] }];
    case 'boolean':
      return [{ value: true, strings: [] }];
    case 'number':
      return [{ value: pick(schema as Parseable, NUMBER_CANDIDATES, path), strings: [] }];
    case 'record':
      return [{ value: {}, strings: [] }];
    default:
      throw new Error(`cannot sample a zod '${def.type}' at ${formatPath(path)}: teach samplesOf`);
  }
}

/** A copy of `value` with `replacement` at `path`. */
export function withValueAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy;
}

/** As the API reports it in `fieldErrors` (`data.lastName`, `accountIds.0`; `_` for the input itself). */
export function formatPath(path: Path): string {
  return path.join('.') || '_';
}
