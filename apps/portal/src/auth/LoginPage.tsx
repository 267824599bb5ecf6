import { A, Navigate, useSearchParams, useSubmission } from '@solidjs/router';
import { onCleanup, Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { returnPath, signInNotice, useSession } from '../lib/session';
import { onNewResult } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { TextField } from '../ui/TextField';
import { signIn } from './actions';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.login;

export function LoginPage() {
  setPageTitle(T.title);
  const session = useSession();
  const submission = useSubmission(signIn);
  // The page asked for before being sent here, where the sign-in leads back.
  const [params] = useSearchParams();
  const back = () => returnPath(params.retour);
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
        <Navigate href={back() ?? '/'} />
      </Show>
      <div class="card narrow">
        <h1>{T.heading}</h1>
        <p class="lead">{T.intro}</p>
        <FormAlert>{submission.result?.message ?? (signInNotice() === 'expired' ? T.expired : undefined)}</FormAlert>
        <FormStatus>{!submission.result && signInNotice() === 'signed-out' ? T.signedOut : undefined}</FormStatus>
        <form ref={form} action={signIn} method="post" novalidate>
          <Show when={back()}>{(path) => <input type="hidden" name="retour" value={path()} />}</Show>
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
