import { Show } from 'solid-js';

/**
 * A message in the bottom-right corner, in an alert region that stays in the page (so that
 * what appears in it is announced), until the person closes it.
 */
export function Toast(props: { message?: string | undefined; closeLabel: string; onClose: () => void }) {
  return (
    <div role="alert" class="toast-region">
      <Show when={props.message}>
        <div class="toast">
          <p>{props.message}</p>
          <button type="button" class="button button-secondary toast-close" onClick={() => props.onClose()}>
            {props.closeLabel}
          </button>
        </div>
      </Show>
    </div>
  );
}
