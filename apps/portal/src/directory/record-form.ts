import { type Action, revalidate, useSubmission } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { onNewResult, useForgetOnLeave } from '../lib/submissions';
import { useUnsavedChanges } from '../lib/unsaved';
import { focusFirstInvalid } from '../ui/focus';

/**
 * The state an edit form of a directory record (an establishment, a unit) keeps: its submission,
 * unsaved changes, and « Recharger la fiche » after a conflict, which draws the form anew
 * (`generation` changes) from the fresh record of `queryKey`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any action's arguments, as useSubmission takes them
export function useRecordForm<T extends any[], U, V>(action: Action<T, U, V>, queryKey: string, unsavedName: string) {
  const submission = useSubmission(action);
  useForgetOnLeave(action);
  let form: HTMLFormElement | undefined;
  const unsaved = useUnsavedChanges(unsavedName, () => form);
  const [generation, setGeneration] = createSignal(1);
  onNewResult(
    () => submission.result,
    (outcome) => {
      if ((outcome as { done?: unknown } | undefined)?.done) unsaved.saved();
      focusFirstInvalid(form);
    },
  );
  return {
    submission,
    generation,
    setForm: (element: HTMLFormElement) => {
      form = element;
    },
    reload: async () => {
      await revalidate(queryKey);
      submission.clear();
      unsaved.saved();
      setGeneration((n) => n + 1);
    },
  };
}
