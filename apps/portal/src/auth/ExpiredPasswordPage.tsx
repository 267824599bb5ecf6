import { A, createAsync, useSearchParams, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { setPageTitle } from '../lib/page-title';
import { returnPath, withReturn } from '../lib/session';
import { onNewResult, useForgetOnLeave } from '../lib/submissions';
import { FormAlert } from '../ui/FormAlert';
import { focusFirstInvalid } from '../ui/focus';
import { changeExpiredPassword } from './actions';
import { NewPasswordFields } from './NewPasswordFields';
import { getPasswordPolicy } from './queries';
import { AUTH_TEXTS } from './texts';

const T = AUTH_TEXTS.expiredPassword;

/** Between the password and the code: an expired password is replaced before anything else. */
export function ExpiredPasswordPage() {
  setPageTitle(T.title);
  const policy = createAsync(() => getPasswordPolicy());
  const submission = useSubmission(changeExpiredPassword);
  useForgetOnLeave(changeExpiredPassword);
  const [params] = useSearchParams();
  const back = () => returnPath(params.retour);
  let form: HTMLFormElement | undefined;
  onNewResult(
    () => submission.result,
    () => focusFirstInvalid(form),
  );

  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p class="lead">{T.intro}</p>
      <FormAlert>
        <Show when={submission.result?.message}>
          <p>{submission.result?.message}</p>
          <Show when={submission.result?.appCode === 'CHALLENGE_NOT_FOUND'}>
            <p>
              <A href={withReturn('/connexion', back())}>{T.restart}</A>
            </p>
          </Show>
        </Show>
      </FormAlert>
      <form ref={form} action={changeExpiredPassword} method="post" novalidate>
        <Show when={back()}>{(path) => <input type="hidden" name="retour" value={path()} />}</Show>
        <NewPasswordFields rules={policy() ?? []} errors={submission.result?.fieldErrors ?? {}} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={submission.pending}>
            {submission.pending ? AUTH_TEXTS.password.submitting : AUTH_TEXTS.password.submit}
          </button>
        </div>
      </form>
      <p class="back-link">
        <A href={withReturn('/connexion', back())}>{T.restart}</A>
      </p>
    </div>
  );
}
