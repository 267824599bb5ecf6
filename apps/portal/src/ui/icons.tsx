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
