import { UNIT_KIND_LABELS, UNIT_KINDS } from '@trajectoire/domain';
import { createMemo, For, Match, Show, Switch } from 'solid-js';
import type { FieldCodes, FieldKind } from './fields';
import { codedText, kindLabel, shown } from './fields';
import { DIRECTORY_TEXTS } from './texts';

interface FieldProps {
  id: string;
  name: string;
  label: string;
  kind: FieldKind;
  value: unknown;
  /** Kept by the ROR (or out of the viewer's reach): shown greyed, read-only, still focusable and read out. */
  readOnly: boolean;
  maxlength: number;
  /** ROR codes: named when read-only (typed as codes where the unit is not the ROR's). */
  codes?: FieldCodes | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  /** The note that says where read-only values come from. */
  describedBy?: string | undefined;
  wide?: boolean;
}

/** The text a read-only choice shows. */
function readOnlyText(kind: FieldKind, value: unknown, codes: FieldCodes | undefined): string {
  if (codes !== undefined) return codedText(codes, value);
  if (kind === 'unitKind' && typeof value === 'string') return kindLabel(value);
  if (kind === 'capacityUnit')
    return value === 'BEDS' ? DIRECTORY_TEXTS.unit.beds : value === 'PLACES' ? DIRECTORY_TEXTS.unit.places : '';
  return shown(value);
}

/** One field of a directory record: typed where the viewer may change it, greyed where the ROR keeps it. */
export function DirectoryField(props: FieldProps) {
  const hintId = () => `${props.id}-aide`;
  const errorId = () => `${props.id}-erreur`;
  const describedBy = () =>
    [props.hint ? hintId() : '', props.readOnly ? (props.describedBy ?? '') : '', props.error ? errorId() : '']
      .filter(Boolean)
      .join(' ') || undefined;
  // Only a different value is written into the field: a refreshed record must not wipe what is being typed.
  const initial = createMemo(() =>
    props.readOnly ? readOnlyText(props.kind, props.value, props.codes) : shown(props.value),
  );
  const multiline = () => props.kind === 'textarea' || props.kind === 'list';
  const common = () => ({
    id: props.id,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(),
  });
  return (
    <div
      class="field directory-field"
      classList={{
        'field-invalid': !!props.error,
        'field-readonly': props.readOnly,
        'form-grid-full': props.wide || (multiline() && !(props.readOnly && initial() === '')),
      }}
    >
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint && !props.readOnly}>
        <p id={hintId()} class="field-hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={errorId()} class="field-error">
          {props.error}
        </p>
      </Show>
      <Switch
        fallback={
          <input
            {...common()}
            name={props.name}
            type="text"
            inputmode={props.kind === 'number' ? 'numeric' : undefined}
            value={initial()}
            maxlength={props.maxlength}
            autocomplete="off"
            spellcheck={false}
          />
        }
      >
        {/* Read-only values wrap, however long (a name, an address on a phone): a textarea as tall as its text. */}
        <Match when={props.readOnly}>
          <textarea
            {...common()}
            class="readonly-value"
            value={initial()}
            readOnly
            rows={Math.max(1, initial().split('\n').length)}
          />
        </Match>
        <Match when={multiline()}>
          <textarea
            {...common()}
            name={props.name}
            value={initial()}
            maxlength={props.maxlength}
            rows={props.kind === 'textarea' ? 5 : Math.min(8, Math.max(3, initial().split('\n').length + 1))}
          />
        </Match>
        <Match when={props.kind === 'unitKind'}>
          <select {...common()} name={props.name}>
            <For each={UNIT_KINDS}>
              {(kind) => (
                <option value={kind} selected={props.value === kind}>
                  {UNIT_KIND_LABELS[kind]}
                </option>
              )}
            </For>
          </select>
        </Match>
        <Match when={props.kind === 'capacityUnit'}>
          <select {...common()} name={props.name}>
            <option value="" selected={props.value === null}>
              {DIRECTORY_TEXTS.unit.none}
            </option>
            <option value="BEDS" selected={props.value === 'BEDS'}>
              {DIRECTORY_TEXTS.unit.beds}
            </option>
            <option value="PLACES" selected={props.value === 'PLACES'}>
              {DIRECTORY_TEXTS.unit.places}
            </option>
          </select>
        </Match>
      </Switch>
    </div>
  );
}
