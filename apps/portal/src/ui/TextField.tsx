import { createMemo, type JSX, Show } from 'solid-js';

interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  autocomplete: string;
  inputmode?: JSX.HTMLAttributes<HTMLInputElement>['inputmode'];
  maxlength?: number;
  hint?: string;
  error?: string | undefined;
  /** The value shown first; the field is not controlled afterwards. */
  value?: string | null | undefined;
  /** Fields are required unless said otherwise. */
  optional?: boolean;
  /** Ids of other elements that describe this field too (a question, a badge). */
  describedBy?: string | undefined;
  ref?: (element: HTMLInputElement) => void;
  /** Shown right after the input, on the same line: a badge, a button. */
  children?: JSX.Element;
}

/** A labelled input whose hint and error are announced with it. */
export function TextField(props: TextFieldProps) {
  const hintId = () => `${props.id}-aide`;
  const errorId = () => `${props.id}-erreur`;
  const describedBy = () =>
    [props.hint ? hintId() : '', props.describedBy ?? '', props.error ? errorId() : ''].filter(Boolean).join(' ') ||
    undefined;
  // Only a different value is written into the field: a refreshed record with the same value
  // must not wipe what the person is typing.
  const initial = createMemo(() => props.value ?? '');
  return (
    <div class="field" classList={{ 'field-invalid': !!props.error }}>
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}>
        <p id={hintId()} class="field-hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={errorId()} class="field-error">
          {props.error}
        </p>
      </Show>
      {/* One row, so that a badge or a button can sit beside the input. */}
      <div class="field-row">
        <input
          ref={props.ref}
          id={props.id}
          name={props.name}
          type={props.type ?? 'text'}
          value={initial()}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode}
          maxlength={props.maxlength}
          required={!props.optional}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy()}
          spellcheck={false}
          autocapitalize="none"
        />
        {props.children}
      </div>
    </div>
  );
}
