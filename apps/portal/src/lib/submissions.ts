import { type Action, useSubmissions } from '@solidjs/router';
import { createEffect, createMemo, on, onCleanup } from 'solid-js';

/** Answers are news once: leaving the page forgets every submission of these actions. */
// biome-ignore lint/suspicious/noExplicitAny: any action, whatever its arguments and result
export function useForgetOnLeave(...actions: Action<any, any, any>[]): void {
  const lists = actions.map((a) => useSubmissions(a));
  onCleanup(() => {
    for (const list of lists) for (const submission of [...list]) submission.clear();
  });
}

/**
 * Runs `react` when a new answer arrives. A submission's `result` is re-read whenever any action
 * is submitted anywhere, so reacting to the read itself would repeat side effects (focus, a new
 * captcha, a dialog); the memo lets only a different answer through.
 */
export function onNewResult<T>(source: () => T | undefined, react: (result: T | undefined) => void): void {
  const result = createMemo(source);
  createEffect(on(result, react, { defer: true }));
}
