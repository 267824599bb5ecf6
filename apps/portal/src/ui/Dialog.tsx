import { createEffect, createUniqueId, type JSX, on, onCleanup } from 'solid-js';

interface DialogProps {
  open: boolean;
  title: string;
  /** `alertdialog` for a warning that interrupts, `dialog` for a question. */
  role?: 'dialog' | 'alertdialog';
  /** Called however the dialog closes: a button, Escape. */
  onClose: () => void;
  /** Where the keyboard goes on close; by default, back where it was. */
  returnFocus?: () => HTMLElement | undefined;
  children: JSX.Element;
  /** The buttons; the one marked `data-autofocus` takes the focus on opening. */
  actions: JSX.Element;
}

/**
 * A modal dialog on the native <dialog>: the page behind is inert (so the focus stays inside)
 * and Escape closes it; the focus goes back where it came from.
 */
export function Dialog(props: DialogProps) {
  const titleId = createUniqueId();
  const bodyId = createUniqueId();
  let dialog: HTMLDialogElement | undefined;
  let opener: HTMLElement | null = null;

  const close = () => {
    if (!dialog?.open) return;
    dialog.close();
  };

  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!dialog) return;
        if (open && !dialog.open) {
          opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          dialog.showModal();
          dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
        } else if (!open) {
          close();
        }
      },
    ),
  );
  onCleanup(close);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      role={props.role ?? 'dialog'}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={() => {
        const target = props.returnFocus?.() ?? opener;
        opener = null;
        props.onClose();
        // After the browser's own focus restoration, which may pick another element.
        queueMicrotask(() => target?.isConnected && target.focus());
      }}
    >
      <h2 id={titleId} class="dialog-title">
        {props.title}
      </h2>
      <div id={bodyId} class="dialog-body">
        {props.children}
      </div>
      <div class="dialog-actions">{props.actions}</div>
    </dialog>
  );
}
