import { useBeforeLeave, useLocation } from '@solidjs/router';
import { type Accessor, createSignal, onCleanup, onMount } from 'solid-js';
import { LAYOUT_TEXTS } from '../layout/texts';

interface Guarded {
  /** The page and the form: where a kept draft goes back to. */
  draftKey: string;
  form: () => HTMLFormElement | undefined;
  dirty: Accessor<boolean>;
}

const guarded = new Set<Guarded>();
/** Set once the drafts are kept, as the session ends: leaving then loses nothing. */
let draftsKept = false;
const DRAFT_PREFIX = 'trajectoire:brouillon:';

const anyDirty = () => !draftsKept && [...guarded].some((g) => g.dirty());

// Closing the tab, reloading or following a link out of the portal: the browser asks first.
window.addEventListener('beforeunload', (event) => {
  if (!anyDirty()) return;
  event.preventDefault();
  // Still required by some browsers to show the prompt.
  event.returnValue = '';
});

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isField = (element: Element): element is Field =>
  element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;

/** Passwords are never kept, nor counted as unsaved work: they are typed again in a moment. */
const isKept = (field: Field) =>
  !(field instanceof HTMLInputElement && ['password', 'hidden', 'submit', 'button', 'file'].includes(field.type));

/** What the form holds now, as pairs of name and value (checked boxes only). */
function typedValues(form: HTMLFormElement): [string, string][] {
  const values: [string, string][] = [];
  for (const element of Array.from(form.elements)) {
    if (!isField(element) || !element.name || element.disabled || !isKept(element)) continue;
    if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) {
      if (element.checked) values.push([element.name, element.value]);
    } else {
      values.push([element.name, element.value]);
    }
  }
  return values;
}

function applyValues(form: HTMLFormElement, values: [string, string][]): void {
  for (const element of Array.from(form.elements)) {
    if (!isField(element) || !element.name || element.disabled || !isKept(element)) continue;
    if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) {
      element.checked = values.some(([name, value]) => name === element.name && value === element.value);
    } else {
      const found = values.find(([name]) => name === element.name);
      if (found) element.value = found[1];
    }
  }
}

/** Called as the session ends: each form being edited keeps what was typed, for after the sign-in. */
export function keepDrafts(): void {
  for (const g of guarded) {
    const form = g.form();
    if (!form || !g.dirty()) continue;
    try {
      sessionStorage.setItem(DRAFT_PREFIX + g.draftKey, JSON.stringify(typedValues(form)));
    } catch {
      // Storage refused (private mode, quota): the prompt below is all that is left.
    }
  }
  draftsKept = true;
}

function takeDraft(draftKey: string): [string, string][] | undefined {
  try {
    const stored = sessionStorage.getItem(DRAFT_PREFIX + draftKey);
    if (stored === null) return undefined;
    sessionStorage.removeItem(DRAFT_PREFIX + draftKey);
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? (parsed as [string, string][]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A form whose edits must not be lost unnoticed: leaving the page (a link, « Précédent », closing
 * the tab) asks first while it holds unsaved changes; when the session ends, what was typed is
 * kept and put back once the person has signed in again (`restored` then says so).
 * `saved()` after a successful submission.
 */
export function useUnsavedChanges(name: string, form: () => HTMLFormElement | undefined) {
  const location = useLocation();
  const [dirty, setDirty] = createSignal(false);
  const [restored, setRestored] = createSignal(false);
  const entry: Guarded = { draftKey: `${location.pathname}#${name}`, form, dirty };
  draftsKept = false;
  guarded.add(entry);
  onCleanup(() => guarded.delete(entry));

  // Listened to on the document: the form element may be rendered anew (« Créer un autre »).
  const onEdit = (event: Event) => {
    const target = event.target as Element;
    if (isField(target) && isKept(target) && form()?.contains(target)) setDirty(true);
  };
  document.addEventListener('input', onEdit);
  document.addEventListener('change', onEdit);
  onCleanup(() => {
    document.removeEventListener('input', onEdit);
    document.removeEventListener('change', onEdit);
  });
  onMount(() => {
    const element = form();
    const draft = element && takeDraft(entry.draftKey);
    if (!element || !draft) return;
    applyValues(element, draft);
    setDirty(true);
    setRestored(true);
  });

  useBeforeLeave((event) => {
    if (event.defaultPrevented || draftsKept || !dirty()) return;
    event.preventDefault();
    if (window.confirm(LAYOUT_TEXTS.unsaved.leave)) {
      setDirty(false);
      event.retry(true);
    }
  });

  return {
    dirty,
    restored,
    saved: () => {
      setDirty(false);
      setRestored(false);
    },
  };
}
