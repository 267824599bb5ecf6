import type { JSX } from 'solid-js';

/**
 * The region where a form's server errors appear. It stays in the page, empty, so that
 * screen readers announce what is written into it.
 */
export function FormAlert(props: { children?: JSX.Element }) {
  return (
    <div role="alert" class="alert alert-error">
      {props.children}
    </div>
  );
}

/** Same for good news (« un nouveau code a été envoyé »), announced politely. */
export function FormStatus(props: { children?: JSX.Element }) {
  return (
    <div role="status" class="alert alert-success">
      {props.children}
    </div>
  );
}
