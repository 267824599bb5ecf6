import { A, Navigate, useSubmission } from '@solidjs/router';
import { onCleanup, Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { useSession } from '../lib/session';
import { onNewResult } from '../lib/submissions';
import { FormAlert } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import { signIn } from './actions';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.login;

export function LoginPage() {
  setPageTitle(T.title);
  const session = useSession();
  const submission = useSubmission(signIn);
  // A refused attempt is not news on the next visit.
  onCleanup(() => submission.clear());
  let form: HTMLFormElement | undefined;
  onNewResult(
    () => submission.result,
    () => focusFirstInvalid(form),
  );

  return (
    <>
      <Show when={session()}>
        <Navigate href="/" />
      </Show>
      <div class="card narrow">
        <h1>{T.heading}</h1>
        <p class="lead">{T.intro}</p>
        <FormAlert>{submission.result?.message}</FormAlert>
        <form ref={form} action={signIn} method="post" novalidate>
          <TextField
            id="username"
            name="username"
            label={T.username}
            autocomplete="username"
            error={submission.result?.fieldErrors.username}
          />
          <TextField
            id="password"
            name="password"
            type="password"
            label={T.password}
            autocomplete="current-password"
            error={submission.result?.fieldErrors.password}
          />
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={submission.pending}>
              {submission.pending ? T.submitting : T.submit}
            </button>
            <A href="/mot-de-passe-oublie">{T.forgotPassword}</A>
          </div>
        </form>
        <p class="note">{T.accountHelp}</p>
      </div>
    </>
  );
}
