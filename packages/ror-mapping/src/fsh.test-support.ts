import sushi from 'fsh-sushi';

/**
 * Turns the FSH examples of the ROR IG into FHIR JSON for the tests, offline: SUSHI's importer
 * parses the file (aliases resolved, indented rules flattened to full paths); the instance's
 * assignment rules are then laid out here. SUSHI's exporter is not used: it needs the IG's
 * profiles and their dependencies (FHIR packages downloaded from a registry), which the tests do
 * not have. Without the profiles, a few things are decided here the way the exporter would:
 * - a named slice (`identifier[finess]`) is one more element of its array;
 * - soft indexes (`[+]`, `[=]`) as in FSH;
 * - a code with a system becomes a CodeableConcept, or a Coding under `tag`/`coding`/`valueCoding`;
 *   a code without one (`#phone`), or assigned to a `code`/`system`/`use`… element, a string;
 * - a primitive that also gets an extension (`address.line` + `address.line.extension`) keeps
 *   the extension in its `_line` sibling, as FHIR JSON does.
 * Rules SUSHI would reject on an invalid path are laid out as written; the mapping's tolerance
 * then decides (see the tests).
 */

const { sushiImport, fshtypes, fshrules, utils } = sushi;

type JsonValue = unknown;
type Container = Record<string, unknown>;

const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  ROROrganization: 'Organization',
  RORHealthcareService: 'HealthcareService',
  RORLocation: 'Location',
};

const CODE_ELEMENTS = new Set(['code', 'system', 'use', 'status', 'valueCode', 'mode', 'gender', 'type_']);
const CODING_ELEMENTS = new Set(['tag', 'security', 'coding', 'valueCoding']);

interface Segment {
  name: string;
  /** Undefined when the path gives no bracket. */
  bracket?: string;
}

function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  // Split on dots outside brackets.
  let depth = 0;
  let current = '';
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      segments.push(segment(current));
      current = '';
    } else current += ch;
  }
  if (current !== '') segments.push(segment(current));
  return segments;
}

function segment(text: string): Segment {
  const match = /^([^[]+)(?:\[([^\]]+)\])?$/.exec(text);
  if (!match) throw new Error(`Unsupported FSH path segment: ${text}`);
  return match[2] === undefined ? { name: match[1] as string } : { name: match[1] as string, bracket: match[2] };
}

function toJson(value: JsonValue, element: string): JsonValue {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof fshtypes.FshCode) {
    if (value.system === undefined || CODE_ELEMENTS.has(element)) return value.code;
    const coding: Container = { system: value.system, code: value.code };
    if (value.display !== undefined) coding.display = value.display;
    return CODING_ELEMENTS.has(element) ? coding : { coding: [coding] };
  }
  if (value instanceof fshtypes.FshReference) return { reference: value.reference };
  if (value instanceof fshtypes.FshQuantity) {
    const quantity: Container = { value: Number(value.value) };
    if (value.unit) {
      quantity.code = value.unit.code;
      if (value.unit.system) quantity.system = value.unit.system;
    }
    return quantity;
  }
  if (value instanceof fshtypes.FshCanonical) return value.entityName;
  return value;
}

/** One FSH file's instances as FHIR JSON resources, in file order. */
export function fshInstances(text: string, file: string): Container[] {
  // SUSHI logs what it cannot read (the HealthcareService example's over-indented rules): quiet.
  utils.logger.silent = true;
  const docs = sushiImport.importText([new sushiImport.RawFSH(text, file)]);
  const out: Container[] = [];
  for (const doc of docs) {
    for (const instance of doc.instances.values()) {
      const resource: Container = {
        resourceType: RESOURCE_TYPES[instance.instanceOf] ?? instance.instanceOf,
        id: instance.id,
      };
      // Per array (keyed by its container path), the current soft index and the named slices.
      const cursors = new Map<string, { current: number; max: number; slices: Map<string, number> }>();
      for (const rule of instance.rules) {
        // Path rules (`* extension[+]` above indented rules) only move the soft indexes.
        if (rule instanceof fshrules.AssignmentRule) assign(resource, parsePath(rule.path), rule.value, cursors, false);
        else if (rule instanceof fshrules.PathRule) assign(resource, parsePath(rule.path), undefined, cursors, true);
      }
      out.push(resource);
    }
  }
  return out;
}

function assign(
  resource: Container,
  segments: Segment[],
  value: JsonValue,
  cursors: Map<string, { current: number; max: number; slices: Map<string, number> }>,
  pathOnly: boolean,
): void {
  let node: Container = resource;
  let key = '';
  for (let i = 0; i < segments.length; i++) {
    const { name, bracket } = segments[i] as Segment;
    const last = i === segments.length - 1 && !pathOnly;
    // A primitive already there that now gets children: its children go to `_name`.
    const descends = i < segments.length - 1;
    const slot = descends && (typeof node[name] === 'string' || typeof node[name] === 'number') ? `_${name}` : name;
    key = `${key}.${slot}`;
    if (bracket === undefined) {
      if (last) {
        node[slot] = toJson(value, name);
        return;
      }
      if (!descends) return;
      const existing = node[slot];
      if (Array.isArray(existing)) {
        node = existing[existing.length - 1] as Container;
        key = `${key}[${existing.length - 1}]`;
      } else if (existing !== null && typeof existing === 'object') node = existing as Container;
      else node = node[slot] = {} as Container;
      continue;
    }
    const cursor = cursors.get(key) ?? { current: -1, max: -1, slices: new Map<string, number>() };
    cursors.set(key, cursor);
    let index: number;
    if (bracket === '+') index = cursor.max + 1;
    else if (bracket === '=') index = Math.max(cursor.current, 0);
    else if (/^\d+$/.test(bracket)) index = Number(bracket);
    else {
      index = cursor.slices.get(bracket) ?? cursor.max + 1;
      cursor.slices.set(bracket, index);
    }
    cursor.current = index;
    cursor.max = Math.max(cursor.max, index);
    let array = node[slot];
    if (!Array.isArray(array)) {
      array = array === undefined ? [] : [array];
      node[slot] = array;
    }
    const items = array as unknown[];
    if (last) {
      items[index] = toJson(value, name);
      return;
    }
    let child = items[index];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = {};
      items[index] = child;
    }
    node = child as Container;
    // Arrays below are keyed by this element's position.
    key = `${key}[${index}]`;
  }
}
