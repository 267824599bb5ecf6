/**
 * Icons drawn as SVG paths in the text's colour: an emoji renders as an empty box where no
 * emoji font is installed (hospital thin clients). Decorative: the control around them says what
 * they do.
 */

/** A calendar page: changing an end date. */
export function CalendarIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M5 1a.75.75 0 0 1 .75.75V2.5h4.5v-.75a.75.75 0 0 1 1.5 0V2.5h.75A2 2 0 0 1 14.5 4.5v8.5a2 2 0 0 1-2 2h-9a2 2 0 0 1-2-2V4.5a2 2 0 0 1 2-2h.75v-.75A.75.75 0 0 1 5 1ZM3 7v6a.5.5 0 0 0 .5.5h9a.5.5 0 0 0 .5-.5V7H3Zm1.5 1.5h2v2h-2v-2Z"
      />
    </svg>
  );
}

/** A pencil: editing a record. */
export function PencilIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M11.7 1.3a1.75 1.75 0 0 1 2.47 0l.53.53a1.75 1.75 0 0 1 0 2.47l-8.6 8.6a1 1 0 0 1-.46.26l-3.4.85a.75.75 0 0 1-.91-.91l.85-3.4a1 1 0 0 1 .26-.46l8.72-8.72Zm1.41 1.06a.25.25 0 0 0-.35 0L11.5 3.62 12.38 4.5l1.26-1.26a.25.25 0 0 0 0-.35l-.53-.53ZM11.32 5.56l-.88-.88-6.6 6.6-.46 1.84 1.84-.46 6.1-6.1Z"
      />
    </svg>
  );
}

/** Two arrows in a circle, ticked: in step with the ROR. */
export function SyncedIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm3.28 4.22a.75.75 0 0 0-1.06 0L7 8.44 5.78 7.22a.75.75 0 0 0-1.06 1.06l1.75 1.75a.75.75 0 0 0 1.06 0l3.75-3.75a.75.75 0 0 0 0-1.06Z"
      />
    </svg>
  );
}

/** A circle struck through: not linked to the ROR. */
export function NotSyncedIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1ZM3.95 5.01A5.5 5.5 0 0 0 10.99 12.05L3.95 5.01Zm8.1 5.98A5.5 5.5 0 0 0 5.01 3.95l7.04 7.04Z"
      />
    </svg>
  );
}

/** A warning triangle: the last sync failed. */
export function SyncErrorIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M6.48 1.9a1.75 1.75 0 0 1 3.04 0l5.74 10.2A1.75 1.75 0 0 1 13.74 14.7H2.26a1.75 1.75 0 0 1-1.52-2.6L6.48 1.9ZM8 5a.75.75 0 0 0-.75.75v3.5a.75.75 0 0 0 1.5 0v-3.5A.75.75 0 0 0 8 5Zm0 7.25a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
      />
    </svg>
  );
}

/** Two arrows turning: start a synchronisation. */
export function SyncIcon() {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M8 2.5a5.5 5.5 0 0 0-4.9 3h1.65a.75.75 0 0 1 0 1.5h-3.5A.75.75 0 0 1 .5 6.25v-3.5a.75.75 0 0 1 1.5 0v1.43A7 7 0 0 1 15 7.25a.75.75 0 0 1-1.5.1A5.5 5.5 0 0 0 8 2.5Zm-6.8 5.56a.75.75 0 0 1 .8.69A5.5 5.5 0 0 0 12.9 10.5h-1.65a.75.75 0 0 1 0-1.5h3.5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-1.43A7 7 0 0 1 .5 8.75a.75.75 0 0 1 .7-.69Z"
      />
    </svg>
  );
}
