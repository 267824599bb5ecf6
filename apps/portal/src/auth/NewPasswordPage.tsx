import { A, createAsync, useSearchParams, useSubmission } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { onNewResult, useForgetOnLeave } from '../lib/submissions';
import { FormAlert, FormStatus } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { resetPassword } from './actions';
import { NewPasswordFields } from './NewPasswordFields';
import { getPasswordLink, getPasswordPolicy } from './queries';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.newPassword;

/** The page behind the mailed link: a forgotten password, or a new account's first one. */
export function NewPasswordPage() {
  setPageTitle(T.title);
  const [params] = useSearchParams();
  const token = () => (typeof params.jeton === 'string' ? params.jeton : '');
  const link = createAsync(() => getPasswordLink(token()));
  const policy = createAsync(() => getPasswordPolicy());
  const submission = useSubmission(resetPassword);
  useForgetOnLeave(resetPassword);

  let form: HTMLFormElement | undefined;
  let confirmation: HTMLDivElement | undefined;
  onNewResult(
    () => submission.result,
    (result) => (result?.done ? confirmation?.focus() : focusFirstInvalid(form)),
  );
  const failure = () => submission.result?.error;

  return (
    <div class="card narrow">
      <Switch>
        {/* First: once saved, the link is used up, and reading it again says so. */}
        <Match when={submission.result?.done}>
          <h1>{T.heading}</h1>
          <div ref={confirmation} tabindex="-1" class="confirmation">
            <FormStatus>
              <p>{T.saved}</p>
            </FormStatus>
            <p>{T.savedHelp}</p>
            <p>
              <A href="/connexion" class="button button-primary">
                {T.signIn}
              </A>
            </p>
          </div>
        </Match>
        <Match when={link()?.error}>
          {(error) => (
            <>
              <h1>{T.invalidHeading}</h1>
              <div role="alert" class="alert alert-error">
                <p>{error().message}</p>
              </div>
              <p>
                <A href="/mot-de-passe-oublie">{T.forgotPassword}</A>
              </p>
            </>
          )}
        </Match>
        <Match when={link()?.done}>
          {(account) => (
            <>
              <h1>{T.heading}</h1>
              <p class="lead">{T.account(account().username)}</p>
              <FormAlert>
                <Show when={failure()?.message ?? failure()?.fieldErrors.token}>{(message) => <p>{message()}</p>}</Show>
                <Show when={failure()?.appCode?.startsWith('LINK_')}>
                  <p>
                    <A href="/mot-de-passe-oublie">{T.forgotPassword}</A>
                  </p>
                </Show>
              </FormAlert>
              <form ref={form} action={resetPassword} method="post" novalidate>
                <input type="hidden" name="token" value={token()} />
                <NewPasswordFields
                  rules={policy() ?? []}
                  errors={failure()?.fieldErrors ?? {}}
                  username={account().username}
                />
                <div class="form-actions">
                  <button type="submit" class="button button-primary" disabled={submission.pending}>
                    {submission.pending ? AUTH_TEXTS.password.submitting : AUTH_TEXTS.password.submit}
                  </button>
                </div>
              </form>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
