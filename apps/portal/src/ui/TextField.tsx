import { type JSX, Show } from 'solid-js';

interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'password';
  autocomplete: string;
  inputmode?: JSX.HTMLAttributes<HTMLInputElement>['inputmode'];
  maxlength?: number;
  hint?: string;
  error?: string | undefined;
}

/** A labelled input whose hint and error are announced with it. */
export function TextField(props: TextFieldProps) {
  const hintId = () => `${props.id}-aide`;
  const errorId = () => `${props.id}-erreur`;
  const describedBy = () =>
    [props.hint ? hintId() : '', props.error ? errorId() : ''].filter(Boolean).join(' ') || undefined;
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
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        spellcheck={false}
        autocapitalize="none"
      />
    </div>
  );
}
